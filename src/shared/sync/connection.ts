import { z } from 'zod';

/**
 * The server connection (Settings → "Server") and the one request shape that crosses from the
 * renderer to whoever holds the token: Electron's main process (the token never reaches the
 * renderer) or the web host. Pure: schemas, URL and path policy, and reading a "Test connection".
 */

/** `http(s)://host[:port]`, no credentials; returns the origin, or null when it is not one. */
export function serverOrigin(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url.origin;
}

export const serverConnectionInputSchema = z.object({
  baseUrl: z.string().max(2048).refine((value) => serverOrigin(value) !== null, 'must be an http(s) URL'),
  accountId: z.number().int().positive().max(2 ** 31),
  token: z.string().trim().min(1).max(255),
});
export type ServerConnectionInput = z.infer<typeof serverConnectionInputSchema>;

/** What the renderer may know about the connection: never the token. */
export const serverConnectionInfoSchema = z.object({
  baseUrl: z.string().max(2048),
  accountId: z.number().int().positive(),
  hasToken: z.boolean(),
  /** Main could not encrypt the token (no keyring): it is kept until the app closes, not on disk. */
  sessionOnly: z.boolean().optional(),
});
export type ServerConnectionInfo = z.infer<typeof serverConnectionInfoSchema>;

/** Account-relative API paths: `contacts`, `contacts/12/labels`, `sync/changes`. No dots, no escapes. */
export const SYNC_PATH_PATTERN = /^[a-z_]+(?:\/[a-z0-9_]+){0,3}$/;

export const syncRequestSchema = z.object({
  method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']),
  path: z.string().max(200).regex(SYNC_PATH_PATTERN),
  query: z.record(z.string().max(64), z.union([z.string().max(1024), z.number(), z.array(z.string().max(1024)).max(100)])).optional(),
  body: z.unknown().optional(),
  idempotencyKey: z.string().min(1).max(255).optional(),
  ifMatch: z.number().int().nonnegative().optional(),
  /**
   * Answer with the body's text, unparsed (`body` is then a string). The sync worker asks for it:
   * a 5,000-change feed page (~2.5 MB) is then parsed in the worker, not on the window's main thread,
   * and crosses to the worker as one string instead of a cloned object graph.
   */
  rawBody: z.boolean().optional(),
});
export type SyncRequestPayload = z.infer<typeof syncRequestSchema>;

export const syncResponseSchema = z.object({
  status: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.string()),
  body: z.unknown(),
});
export type SyncResponsePayload = z.infer<typeof syncResponseSchema>;

export interface HttpRequestLine {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A request as {@link httpRequestFor} reads it: the payload, whose lists may be read-only (the engine's requests). */
export type HttpRequestInput = Omit<SyncRequestPayload, 'query'> & { query?: Readonly<Record<string, string | number | readonly string[]>> };

/** The URL and headers of one API request; only ever to `origin`. The one request builder (Electron's main, the web host, the tests). */
export function httpRequestFor(origin: string, accountId: number, token: string, request: HttpRequestInput): HttpRequestLine {
  const url = new URL(`/api/v1/accounts/${accountId}/${request.path}`, origin);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
    else url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { api_access_token: token, accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
  if (request.ifMatch !== undefined) headers['if-match'] = `"${request.ifMatch}"`;
  return { url: url.toString(), method: request.method, headers, body: request.body === undefined ? undefined : JSON.stringify(request.body) };
}

/** What "Test connection" found, precisely (issue 8). */
export const CONNECTION_OUTCOMES = ['ok', 'unreachable', 'wrong-token', 'wrong-account', 'not-chatwoot'] as const;
export type ConnectionOutcome = (typeof CONNECTION_OUTCOMES)[number];

export const connectionTestSchema = z.object({
  outcome: z.enum(CONNECTION_OUTCOMES),
  /** With the sync extension, or stock Chatwoot behaviour; null unless `ok`. */
  mode: z.enum(['extension', 'strict']).nullable(),
  /** The server's words or the network error, for the details line. */
  detail: z.string().max(500),
});
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

/**
 * Reads the answer to `GET …/contacts?per_page=1` (and, when that worked, `GET …/sync/capabilities`).
 * Chatwoot: an unknown token is `401 {"error":"Invalid Access Token"}`; a token of another account is
 * `401 "You are not authorized to access this account"`, a missing account `404`.
 */
export function readConnectionTest(
  contacts: { status: number; body: unknown } | { thrown: string },
  capabilities: { status: number; body: unknown } | null,
): ConnectionTest {
  if ('thrown' in contacts) return { outcome: 'unreachable', mode: null, detail: contacts.thrown.slice(0, 500) };
  const { status, body } = contacts;
  const error = typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : '';
  if (status === 401 && /access this account/i.test(error)) return { outcome: 'wrong-account', mode: null, detail: error };
  if (status === 401) return { outcome: 'wrong-token', mode: null, detail: error || 'HTTP 401' };
  if (status === 404 && /could not be found/i.test(error)) return { outcome: 'wrong-account', mode: null, detail: error };
  const isList = status === 200 && typeof body === 'object' && body !== null && Array.isArray((body as { payload?: unknown }).payload);
  if (!isList) return { outcome: 'not-chatwoot', mode: null, detail: `HTTP ${status}` };
  const hasExtension = capabilities !== null && capabilities.status === 200 && typeof capabilities.body === 'object' && capabilities.body !== null && 'sync' in capabilities.body;
  return { outcome: 'ok', mode: hasExtension ? 'extension' : 'strict', detail: '' };
}
