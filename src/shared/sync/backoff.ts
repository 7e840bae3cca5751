/**
 * Retry timing: exponential back-off with full jitter, `random() · min(cap, base · 2^attempt)`
 * (the AWS architecture blog's "full jitter"; PouchDB's default back-off is the same shape with a
 * 10-minute cap), and the server's `Retry-After` when it sends one.
 */

/** First retry within a second: a dropped packet should not cost the user a visible wait. */
export const BACKOFF_BASE_MS = 1000;
/** Five minutes (notes §1.4): long enough not to hammer a server that is down, short enough to notice it is back. */
export const BACKOFF_CAP_MS = 5 * 60 * 1000;
/** A `Retry-After` beyond this is treated as this: a misconfigured proxy must not park sync for a day. */
export const RETRY_AFTER_CAP_MS = 60 * 60 * 1000;

/** `attempt` counts failures so far (0 for the first retry); `random` returns [0, 1). */
export function backoffDelay(attempt: number, random: () => number, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS): number {
  const exponent = Math.max(0, Math.min(Math.floor(attempt), 30));
  const ceiling = Math.min(cap, base * 2 ** exponent);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}

/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns milliseconds from `now`,
 * never negative, capped; null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, RETRY_AFTER_CAP_MS);
  // Only IMF-fixdate and the two obsolete forms look like this; Date.parse of "5" or "soon" is refused above/below.
  if (!/[a-z]{3}/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (!Number.isFinite(at)) return null;
  return Math.min(Math.max(0, at - now), RETRY_AFTER_CAP_MS);
}

/** The wait before the next try: the server's word when it gave one, else the jittered back-off. */
export function retryDelay(attempt: number, retryAfterMs: number | null, random: () => number): number {
  return retryAfterMs ?? backoffDelay(attempt, random);
}
