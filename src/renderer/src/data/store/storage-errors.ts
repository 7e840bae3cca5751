/**
 * Whether a failed write failed because the disk (or the browser's share of it) is full. IndexedDB
 * throws a `QuotaExceededError` DOMException (Firefox: `NS_ERROR_DOM_QUOTA_REACHED`); Dexie wraps it
 * in an error of the same name with the original as `inner`, a bulk write in a `BulkError` whose
 * `failures` hold it, and an aborted transaction in an `AbortError` whose `inner` does. Issue 17: the
 * New contact form did nothing visible when this happened.
 */
const QUOTA_NAMES: ReadonlySet<string> = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
const MAX_DEPTH = 4;

export function isQuotaError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return false;
  const { name, inner, cause, failures } = error as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (typeof name === 'string' && QUOTA_NAMES.has(name)) return true;
  if (isQuotaError(inner, depth + 1) || isQuotaError(cause, depth + 1)) return true;
  const list = Array.isArray(failures) ? failures : typeof failures === 'object' && failures !== null ? Object.values(failures) : [];
  return list.some((failure) => isQuotaError(failure, depth + 1));
}
