import { z } from 'zod';
import type { HostPlatform } from '../shared/host';
import { parseExternalUrl } from '../shared/url-policy';

/**
 * Main's security and window policies as pure functions: no `electron` import, so every decision
 * is unit-tested (policies.test.ts) and main only wires them to Electron's events.
 */

function parseUrl(raw: string | null | undefined): URL | null {
  if (typeof raw !== 'string' || raw.length === 0) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * Whether `candidateUrl` is a page of the app itself: the dev server's origin in development, the
 * packaged `index.html` file (any query or hash) in production. `file:` URLs have an opaque origin,
 * so for them the exact file path is what must match — another local file is not the app.
 */
function isAppPage(candidateUrl: string | null | undefined, appUrl: string): boolean {
  const candidate = parseUrl(candidateUrl);
  const app = parseUrl(appUrl);
  if (!candidate || !app) return false;
  if (candidate.username !== '' || candidate.password !== '') return false;
  if (app.protocol === 'file:') {
    return (
      candidate.protocol === 'file:' && candidate.host === app.host && candidate.pathname === app.pathname
    );
  }
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false;
  return candidate.origin === app.origin;
}

/**
 * A URL as it may appear in a log: scheme and host only. Paths and queries of refused URLs can
 * carry personal data (an email in a query, a contact id), and logs leave the machine in bug reports.
 */
export function urlForLog(raw: string | null | undefined): string {
  const url = parseUrl(raw);
  if (!url) return '(no valid URL)';
  return url.host ? `${url.protocol}//${url.host}` : url.protocol;
}

/** `will-navigate`/`will-redirect`: the window only ever shows the app; links never replace it. */
export function isAllowedNavigation(targetUrl: string, appUrl: string): boolean {
  return isAppPage(targetUrl, appUrl);
}

/** IPC requests are answered only for the app's own page (the sender frame's URL). */
export function isTrustedSender(senderUrl: string | null | undefined, appUrl: string): boolean {
  return isAppPage(senderUrl, appUrl);
}

/**
 * Permissions the app's own page may use. Minimal, not empty: copying a contact's email or phone
 * uses `navigator.clipboard.writeText`, which Chromium gates behind `clipboard-sanitized-write`
 * (write-only, sanitised; it cannot read the clipboard). Everything else — camera, microphone,
 * geolocation, notifications, clipboard-read, HID/USB/serial, openExternal, fullscreen requests
 * from the page — is denied; the app needs none of it. Add an entry only with the feature using it.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function decidePermission(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

export interface WindowOpenDecision {
  action: 'deny';
  /** An http(s) link the user clicked, to show in the system browser instead; null for anything else. */
  openExternally: URL | null;
}

/** `setWindowOpenHandler`: the app never opens Electron windows; web links go to the browser. */
export function windowOpenDecision(url: string): WindowOpenDecision {
  return { action: 'deny', openExternally: parseExternalUrl(url) };
}

/** Node's `process.platform` in the HostApi's words. */
export function toHostPlatform(nodePlatform: string): HostPlatform {
  switch (nodePlatform) {
    case 'darwin':
      return 'mac';
    case 'win32':
      return 'windows';
    case 'linux':
      return 'linux';
    default:
      return 'other';
  }
}

/** `--demo=N` on the command line: seed N demo contacts into an empty store. */
export const MAX_DEMO_CONTACTS = 1_000_000;

export function parseDemoArgument(argv: readonly string[]): number | null {
  for (const argument of argv) {
    const match = /^--demo=(\d{1,7})$/.exec(argument);
    if (!match) continue;
    const count = Number(match[1]);
    if (count >= 1 && count <= MAX_DEMO_CONTACTS) return count;
  }
  return null;
}

// ---- Window state ---------------------------------------------------------------------------

/** Coordinates beyond this are not a real desktop; they come from a corrupt or hand-edited file. */
const MAX_COORDINATE = 100_000;

export const MIN_WINDOW_WIDTH = 720;
export const MIN_WINDOW_HEIGHT = 480;
export const DEFAULT_WINDOW_WIDTH = 1280;
export const DEFAULT_WINDOW_HEIGHT = 800;
/** How much of the title bar must stay on a display for the user to grab the window and move it. */
const MIN_VISIBLE_WIDTH = 120;
const MIN_VISIBLE_HEIGHT = 40;

const coordinate = z.number().int().min(-MAX_COORDINATE).max(MAX_COORDINATE);
const extent = z.number().int().min(1).max(MAX_COORDINATE);

export const windowStateSchema = z.object({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: extent,
  height: extent,
  isMaximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof windowStateSchema>;

/** A display's work area (Electron's `display.workArea`: the screen minus task bars and docks). */
export interface DisplayArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

function isUsableDisplay(area: DisplayArea): boolean {
  return (
    [area.x, area.y, area.width, area.height].every(Number.isFinite) && area.width > 0 && area.height > 0
  );
}

function overlap(a: DisplayArea, b: DisplayArea): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/**
 * The window state to open with: the remembered one when it is valid and still visible, moved and
 * shrunk as little as needed to fit the display it is on; a centred default on the primary display
 * (`displays[0]`) when the file is missing or corrupt or its display is gone.
 */
export function fitWindowState(saved: unknown, displays: readonly DisplayArea[]): WindowState {
  const parsed = windowStateSchema.safeParse(saved);
  const usable = displays.filter(isUsableDisplay);
  const fallbackSize = { width: DEFAULT_WINDOW_WIDTH, height: DEFAULT_WINDOW_HEIGHT };
  const wanted = parsed.success ? parsed.data : { ...fallbackSize, isMaximized: false };
  const primary = usable[0];
  if (!primary) {
    // No display information at all: let the OS place a sensibly sized window.
    return {
      width: Math.max(wanted.width, MIN_WINDOW_WIDTH),
      height: Math.max(wanted.height, MIN_WINDOW_HEIGHT),
      isMaximized: wanted.isMaximized,
    };
  }

  let target: DisplayArea | undefined;
  if (wanted.x !== undefined && wanted.y !== undefined) {
    const rect = { x: wanted.x, y: wanted.y, width: wanted.width, height: wanted.height };
    let bestArea = 0;
    for (const display of usable) {
      const shared = overlap(rect, display);
      const area = shared.width * shared.height;
      if (
        shared.width >= Math.min(MIN_VISIBLE_WIDTH, rect.width) &&
        shared.height >= Math.min(MIN_VISIBLE_HEIGHT, rect.height) &&
        area > bestArea
      ) {
        bestArea = area;
        target = display;
      }
    }
  }

  const display = target ?? primary;
  const width = clamp(wanted.width, Math.min(MIN_WINDOW_WIDTH, display.width), display.width);
  const height = clamp(wanted.height, Math.min(MIN_WINDOW_HEIGHT, display.height), display.height);
  const x =
    target && wanted.x !== undefined
      ? clamp(wanted.x, display.x, display.x + display.width - width)
      : display.x + Math.round((display.width - width) / 2);
  const y =
    target && wanted.y !== undefined
      ? clamp(wanted.y, display.y, display.y + display.height - height)
      : display.y + Math.round((display.height - height) / 2);
  return {
    x: Math.round(x),
    y: Math.round(y),
    width: Math.round(width),
    height: Math.round(height),
    isMaximized: wanted.isMaximized,
  };
}

/** A BCP 47 tag such as `es`, `es-ES`, `zh-Hant-TW` or `es-419`; also accepts POSIX's `es_ES`. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/;

/**
 * The first usable language tag among the operating system's preferences (most preferred first),
 * normalised to BCP 47 (`es_ES` → `es-ES`); `en-US` when none is usable (`C`, `POSIX`, empty).
 */
export function pickLocale(candidates: readonly (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || candidate.length > 64) continue;
    const tag = candidate.split('.')[0]!.split('@')[0]!;
    if (LANGUAGE_TAG.test(tag)) return tag.replaceAll('_', '-');
  }
  return 'en-US';
}
