/**
 * What an HTTP answer (or its absence) means for a change being pushed. Chatwoot's error bodies
 * (`request_exception_handler.rb`): 422 `{message, attributes}` for an invalid record, `{error}`
 * otherwise, 401 `{errors: [...]}` when no token was sent.
 */
import { parseRetryAfter } from './backoff';

export type SyncFailure =
  /** No answer: offline, DNS, connection reset, a dropped response. Retry later. */
  | { kind: 'network'; message: string }
  /** 5xx, 408, 429: retry later, after `retryAfterMs` if the server said. */
  | { kind: 'retry'; status: number; retryAfterMs: number | null; message: string }
  /** 401: the token is wrong or revoked. Everything pauses until the user signs in again. */
  | { kind: 'unauthorized'; message: string }
  /** 404 on the record: it is gone on the server. */
  | { kind: 'not-found'; message: string }
  /** 412: `If-Match` named an older version; `current` is the record as the server has it now. */
  | { kind: 'precondition'; current: unknown; message: string }
  /** The server already applied a request with this idempotency key (its answer was lost). */
  | { kind: 'already-applied'; message: string }
  /** 400, 403, 409, 413, 422…: the server refuses this change; retrying the same request will not help. */
  | { kind: 'rejected'; status: number; message: string; attributes: string[] };

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const FORBIDDEN_ACTION = /not authorized to do this action/i;

/** The replay error of our server's `performWrite` (server/src/http/write.ts). */
const IDEMPOTENCY_REUSED = /Idempotency-Key was already used/i;

/** The server's own words, as a person should read them; falls back to the status. */
export function serverMessage(status: number, body: unknown): string {
  if (typeof body === 'string' && body.trim() !== '' && body.length < 500 && !body.trimStart().startsWith('<')) return body.trim();
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    if (typeof record.message === 'string' && record.message.trim() !== '') return record.message.trim();
    if (typeof record.error === 'string' && record.error.trim() !== '') return record.error.trim();
    if (Array.isArray(record.errors)) {
      const texts = record.errors.filter((e): e is string => typeof e === 'string' && e.trim() !== '');
      if (texts.length > 0) return texts.join(', ');
    }
  }
  return `HTTP ${status}`;
}

function attributesOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const attributes = (body as { attributes?: unknown }).attributes;
  return Array.isArray(attributes) ? attributes.filter((a): a is string => typeof a === 'string') : [];
}

/** Header lookup that ignores case (fetch lower-cases; a hand-made answer may not). */
export function header(headers: Record<string, string>, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return null;
}

/** Null for a success (2xx); otherwise what went wrong. */
export function classifyAnswer(answer: HttpAnswer, now: number): SyncFailure | null {
  const { status, body } = answer;
  if (status >= 200 && status < 300) return null;
  const message = serverMessage(status, body);
  // Chatwoot answers a policy refusal (an agent deleting a contact) with 401 too; only that one is about the change.
  if (status === 401 && FORBIDDEN_ACTION.test(message)) return { kind: 'rejected', status, message, attributes: [] };
  if (status === 401) return { kind: 'unauthorized', message };
  if (status === 404) return { kind: 'not-found', message };
  if (status === 412) {
    const current = typeof body === 'object' && body !== null ? (body as { payload?: unknown }).payload : undefined;
    return { kind: 'precondition', current, message };
  }
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: 'retry', status, retryAfterMs: parseRetryAfter(header(answer.headers, 'retry-after'), now), message };
  }
  if (status === 422 && IDEMPOTENCY_REUSED.test(message)) return { kind: 'already-applied', message };
  return { kind: 'rejected', status, message, attributes: attributesOf(body) };
}

/** A thrown transport error (fetch's TypeError, an abort) as a failure. */
export function classifyThrown(error: unknown): SyncFailure {
  return { kind: 'network', message: error instanceof Error ? error.message : String(error) };
}
