import { z } from 'zod';

/**
 * `wintook://contact/<id>` links, e.g. from the help desk's web UI. The id is either the app's own
 * contact id (a UUID, chosen on this computer) or the server's contact id (a positive integer, what
 * Chatwoot's URLs show: `/app/accounts/1/contacts/42`). Anything else is refused before it reaches
 * the renderer: the link arrives from outside the app (another program, a web page), so only these
 * two exact shapes pass — no query, fragment, credentials, port, extra path or percent-encoding.
 */

export const DEEP_LINK_SCHEME = 'wintook';

/** Longer than any valid link (`wintook://contact/` + a 36-character UUID + `/`); checked before any pattern runs. */
const MAX_LINK_LENGTH = 64;

/** Chatwoot's ids are PostgreSQL `integer`s. */
export const MAX_SERVER_CONTACT_ID = 2_147_483_647;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A positive integer without sign, leading zeros or exponent; at most 10 digits. */
const SERVER_ID_PATTERN = /^[1-9][0-9]{0,9}$/;

const localLinkSchema = z.object({ kind: z.literal('local'), id: z.string().regex(UUID_PATTERN) }).strict();
const serverLinkSchema = z
  .object({ kind: z.literal('server'), serverId: z.number().int().min(1).max(MAX_SERVER_CONTACT_ID) })
  .strict();
/** The contact a link names. */
export const contactLinkSchema = z.discriminatedUnion('kind', [localLinkSchema, serverLinkSchema]);
export type ContactLink = z.infer<typeof contactLinkSchema>;

/**
 * What crosses the bridge (main → preload → renderer, each parses it): a contact link, or the fact
 * that a `wintook:` link came that names no contact — so the user is told, without the link's text
 * reaching the page.
 */
export const contactLinkEventSchema = z.discriminatedUnion('kind', [
  localLinkSchema,
  serverLinkSchema,
  z.object({ kind: z.literal('invalid') }).strict(),
]);
export type ContactLinkEvent = z.infer<typeof contactLinkEventSchema>;

/**
 * The id part alone (`?contact=<id>` in the web host): a UUID (any case; stored lower-case) or a
 * server id. Null for anything else.
 */
export function parseContactReference(raw: unknown): ContactLink | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 36) return null;
  const lower = raw.toLowerCase();
  if (UUID_PATTERN.test(lower)) return { kind: 'local', id: lower };
  if (SERVER_ID_PATTERN.test(raw)) {
    const serverId = Number(raw);
    if (serverId <= MAX_SERVER_CONTACT_ID) return { kind: 'server', serverId };
  }
  return null;
}

/**
 * A whole link: `wintook://contact/<id>`, the scheme in any case (URL schemes are
 * case-insensitive), one trailing `/` tolerated (Windows adds one when a browser hands the link
 * over). Matched on the raw text, not through `new URL`, so no parser normalisation (dot segments,
 * backslashes, percent-decoding) can turn a refused link into an accepted one.
 */
export function parseContactDeepLink(raw: unknown): ContactLink | null {
  if (typeof raw !== 'string' || raw.length > MAX_LINK_LENGTH) return null;
  const match = /^wintook:\/\/contact\/([^/]+)\/?$/i.exec(raw);
  // `i`: scheme and host are case-insensitive in URLs; the id keeps its own rules.
  return match ? parseContactReference(match[1]) : null;
}

/** Whether a command-line argument is meant as a deep link (so it is neither a file nor an option). */
export function looksLikeDeepLink(argument: string): boolean {
  return argument.slice(0, DEEP_LINK_SCHEME.length + 1).toLowerCase() === `${DEEP_LINK_SCHEME}:`;
}

/** A link as the bridge carries it: the contact, or `invalid` for a `wintook:` link that names none. */
export function contactLinkEventOf(raw: string): ContactLinkEvent {
  return parseContactDeepLink(raw) ?? { kind: 'invalid' };
}

/**
 * The `wintook:` links on a command line: Windows and Linux start the app (or a second instance)
 * with the link as an argument. Options and files are ignored; at most
 * {@link MAX_LINKS_PER_LAUNCH} are kept.
 */
export const MAX_LINKS_PER_LAUNCH = 4;

export function contactLinksFromArgv(argv: readonly string[]): ContactLinkEvent[] {
  return argv.filter(looksLikeDeepLink).slice(0, MAX_LINKS_PER_LAUNCH).map(contactLinkEventOf);
}
