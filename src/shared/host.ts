import { z } from 'zod';
import type { ContactLinkEvent } from './deep-link';
import type { Result } from './result';
import type {
  ConnectionTest,
  ServerConnectionInfo,
  ServerConnectionInput,
  SyncRequestPayload,
  SyncResponsePayload,
} from './sync/connection';

/**
 * The one bridge between the renderer and its host. Implemented by the Electron preload
 * (`window.wintook`, through IPC to main) and by the web host for plain browsers
 * (`src/renderer/src/host/web.ts`). Every method is one operation; nothing generic is exposed.
 */

export const MENU_COMMANDS = [
  'focus-search',
  'show-shortcuts',
  'open-settings',
  'new-contact',
  'import-csv',
  'export-csv',
  'seed-demo-10k',
  'seed-demo-100k',
] as const;
export const menuCommandSchema = z.enum(MENU_COMMANDS);
export type MenuCommand = z.infer<typeof menuCommandSchema>;

export const hostPlatformSchema = z.enum(['mac', 'windows', 'linux', 'other']);
export type HostPlatform = z.infer<typeof hostPlatformSchema>;

export const hostInfoSchema = z.object({
  kind: z.enum(['electron', 'web']),
  platform: hostPlatformSchema,
  /** BCP 47 tag of the operating system's (or browser's) preferred language. */
  locale: z.string().min(1).max(64),
  appVersion: z.string().max(64),
});
export type HostInfo = z.infer<typeof hostInfoSchema>;

/** URLs handed to the host to open; the host re-checks them against its policy. */
export const externalUrlSchema = z.string().min(1).max(4096);

/** Files the import reads: the same limit as the import pipeline (src/shared/csv/pipeline.ts MAX_FILE_BYTES). */
export const MAX_IMPORT_FILE_BYTES = 512 * 1024 * 1024;
export const IMPORT_FILE_NAME = /\.(csv|tsv|txt)$/i;

/**
 * A file the host read for the import (opened with the app, or picked in the native dialog), or
 * why it did not read it. Main checks the extension and the size before reading a byte.
 */
export const openedFileSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    name: z.string().min(1).max(255).regex(IMPORT_FILE_NAME),
    bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength <= MAX_IMPORT_FILE_BYTES),
  }),
  z.object({
    kind: z.literal('refused'),
    name: z.string().min(1).max(255),
    reason: z.enum(['not-csv', 'too-large', 'read-failed']),
    size: z.number().int().nonnegative(),
  }),
]);
export type OpenedFile = z.infer<typeof openedFileSchema>;

/** A CSV the renderer asks the host to save: a plain file name (no folder) ending in `.csv`. */
export const saveCsvRequestSchema = z.object({
  suggestedName: z
    .string()
    .min(5)
    .max(255)
    .regex(/^[^/\\:*?"<>|\p{Cc}]+\.csv$/u)
    .refine((name) => !name.startsWith('.'), 'no hidden or relative names'),
  content: z.string().max(MAX_IMPORT_FILE_BYTES),
});
export type SaveCsvRequest = z.infer<typeof saveCsvRequestSchema>;
export const saveCsvResultSchema = z.object({ saved: z.boolean() });

/**
 * A file name from anywhere (an imported file's name, a date) made acceptable to
 * {@link saveCsvRequestSchema}: forbidden characters become `_`, the extension becomes `.csv`.
 */
export function toCsvFileName(raw: string, fallback = 'contacts'): string {
  const stem = raw
    .replace(/\.csv$/i, '')
    .replace(/[/\\:*?"<>|\p{Cc}]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return `${stem || fallback}.csv`;
}

/**
 * An error the renderer did not handle (a window `error`, an unhandled rejection, or what the error
 * boundary caught), for main's log file. Bounded: a report is a log line, not a channel for data.
 */
export const MAX_ERROR_MESSAGE_LENGTH = 2_000;
export const MAX_ERROR_STACK_LENGTH = 8_000;
export const rendererErrorReportSchema = z
  .object({
    kind: z.enum(['error', 'unhandled-rejection', 'render']),
    message: z.string().max(MAX_ERROR_MESSAGE_LENGTH),
    stack: z.string().max(MAX_ERROR_STACK_LENGTH).optional(),
  })
  .strict();
export type RendererErrorReport = z.infer<typeof rendererErrorReportSchema>;

export interface HostApi {
  getInfo(): Promise<Result<HostInfo>>;
  /** Opens an http(s) link in the user's browser, or a mailto: link in their mail app; anything else is refused with `not-allowed`. */
  openExternal(url: string): Promise<Result<void>>;
  /** Native menu items reach the renderer here; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * Files opened with the app (open-with, a second launch or the first launch with a file
   * argument, macOS `open-file`). Main holds them until the first listener subscribes, so one that
   * arrives while the window is still loading is not lost. The web host never calls back.
   */
  onOpenFile(listener: (file: OpenedFile) => void): () => void;
  /**
   * `wintook://contact/<id>` links (Electron, parsed by main before they come) and `?contact=<id>`
   * in the web host's address, or `invalid` for such a link that names no contact. Held until the
   * first listener subscribes, like opened files.
   */
  onOpenContact(listener: (link: ContactLinkEvent) => void): () => void;
  /** Writes an error the renderer did not handle to the host's log (main's log file in Electron). */
  reportError(report: RendererErrorReport): Promise<Result<void>>;
  /**
   * The native open dialog filtered to CSV, TSV and TXT; null when the user cancels. Electron
   * only: the web host has no such dialog and the renderer uses its `<input type="file">`.
   */
  pickCsvFile?(): Promise<Result<OpenedFile | null>>;
  /** Saves a CSV: the native save dialog in Electron (`saved: false` when cancelled), a download in the web host. */
  saveCsvFile(request: SaveCsvRequest): Promise<Result<{ saved: boolean }>>;
  /** The connected sync server (Settings → "Server"), without its token; null when none. */
  getServerConnection(): Promise<Result<ServerConnectionInfo | null>>;
  /** "Test connection": says precisely what failed; stores nothing. */
  testServerConnection(input: ServerConnectionInput): Promise<Result<ConnectionTest>>;
  /** Tests and, when the test is `ok`, keeps the connection (in Electron the token is encrypted by main). */
  connectServer(input: ServerConnectionInput): Promise<Result<ConnectionTest>>;
  disconnectServer(): Promise<Result<void>>;
  /** One API request to the connected server, made by the host (only ever to the configured origin). */
  syncRequest(request: SyncRequestPayload): Promise<Result<SyncResponsePayload>>;
}

declare global {
  interface Window {
    /** Present only in Electron, exposed by the preload through contextBridge. */
    wintook?: HostApi;
  }
}
