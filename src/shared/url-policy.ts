/**
 * Which URLs the app will hand to the operating system (the user's browser, the mail client).
 * Pure, so main, the web host and the notes editor share one tested answer.
 *
 * The WHATWG URL parser is forgiving on purpose — `http:evil` becomes `http://evil/`, tabs and
 * newlines inside a URL are silently removed, `\` counts as `/` — so the raw text is checked before
 * it is parsed, and anything the parser would have had to repair is refused.
 */

/** Longer than any link a person pastes; long enough to stop pathological inputs early. */
export const MAX_EXTERNAL_URL_LENGTH = 4096;

export const WEB_LINK_SCHEMES = ['http:', 'https:'] as const;
export const NOTE_LINK_SCHEMES = ['http:', 'https:', 'mailto:'] as const;

/** Never opened, whatever a caller passes as allowed: they run code or read local files. */
const NEVER_ALLOWED = new Set([
  'javascript:',
  'vbscript:',
  'data:',
  'file:',
  'blob:',
  'filesystem:',
  'about:',
]);

/** Schemes with an authority (`scheme://host`); the others (mailto:) have an opaque path. */
const HIERARCHICAL = new Set(['http:', 'https:', 'ftp:', 'ws:', 'wss:']);

/**
 * C0/C1 controls, every Unicode space, zero-width characters, bidi overrides and the BOM, and the
 * backslash (which the parser reads as `/`): none belongs in a link, and several are used to make one link look like another.
 */
const FORBIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/u;

const SCHEME_PREFIX = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Parses `raw` as an absolute URL of one of `allowedSchemes`, or returns null. Accepted URLs are
 * returned parsed, so their `href` is normalised (lower-case scheme and host, IDN hosts in punycode).
 */
export function parseExternalUrl(
  raw: string,
  allowedSchemes: readonly string[] = WEB_LINK_SCHEMES,
): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_EXTERNAL_URL_LENGTH) return null;
  if (FORBIDDEN_CHARACTERS.test(raw)) return null;

  const prefix = SCHEME_PREFIX.exec(raw);
  if (!prefix) return null;
  const scheme = `${prefix[1]!.toLowerCase()}:`;
  if (NEVER_ALLOWED.has(scheme)) return null;
  if (!allowedSchemes.some((allowed) => allowed.toLowerCase() === scheme)) return null;

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== scheme) return null;
  if (url.href.length > MAX_EXTERNAL_URL_LENGTH) return null;

  if (HIERARCHICAL.has(scheme)) {
    return hasPlainAuthority(raw, scheme, url) ? url : null;
  }
  return hasOpaqueTarget(url) ? url : null;
}

/** The variant for links written in notes, where `mailto:` links are useful too. */
export function parseNoteLinkUrl(raw: string): URL | null {
  return parseExternalUrl(raw, NOTE_LINK_SCHEMES);
}

function hasPlainAuthority(raw: string, scheme: string, url: URL): boolean {
  // Exactly `scheme://` then the host: not `http:evil`; `https:///evil` has an empty authority.
  const rest = raw.slice(scheme.length);
  if (!rest.startsWith('//')) return false;
  const authorityEnd = rest.slice(2).search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest.slice(2) : rest.slice(2, 2 + authorityEnd);
  // No credentials, not even an empty `@` (`https://google.com@evil.example` tricks readers).
  if (authority.length === 0 || authority.includes('@')) return false;
  if (url.username !== '' || url.password !== '') return false;
  return url.hostname.length > 0;
}

function hasOpaqueTarget(url: URL): boolean {
  // mailto: needs an address; `mailto:` alone or `mailto:?subject=x` opens nothing useful.
  if (url.protocol === 'mailto:') return /^[^@?#\s]+@[^@?#\s]+$/.test(decodeSafely(url.pathname));
  return url.pathname.length > 0;
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}
