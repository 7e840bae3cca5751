/**
 * Text PostgreSQL cannot store: NUL (no `text` or `jsonb` value may hold U+0000) and unpaired UTF-16
 * surrogates (they have no UTF-8 form; `jsonb` refuses their `\ud800` escapes). Both reached the
 * database and came back as 500s (issue 17); they are refused here, before any handler, as 422s that
 * name the field.
 */
import { ApiError, humanize } from './errors';

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this pattern is for.
const FORBIDDEN_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const hasForbiddenText = (text: string): boolean => FORBIDDEN_TEXT.test(text);

/** JSON nests this deep at most here (a contact's attributes hold objects in objects); deeper is refused too. */
const MAX_DEPTH = 64;

/** The path of the first string or key holding forbidden text, or of nesting past {@link MAX_DEPTH}; null when clean. */
export function findForbiddenText(value: unknown): (string | number)[] | null {
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop() as { value: unknown; path: (string | number)[] };
    if (typeof current === 'string') {
      if (hasForbiddenText(current)) return path;
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (path.length >= MAX_DEPTH) return path;
    if (Array.isArray(current)) {
      current.forEach((item: unknown, index) => pending.push({ value: item, path: [...path, index] }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (hasForbiddenText(key)) return [...path, key];
      pending.push({ value: item, path: [...path, key] });
    }
  }
  return null;
}

/** Throws the 422 for a request whose body, query or path holds forbidden text. */
export function assertStorableText(request: { body?: unknown; query?: unknown; params?: unknown }): void {
  const inBody = findForbiddenText(request.body);
  if (inBody !== null) {
    const attribute = inBody.length > 0 ? String(inBody[0]) : 'base';
    const where = inBody.length > 0 ? humanize(inBody.map(String).join('.')) : 'Request body';
    throw new ApiError(422, { message: `${where} contains a character that cannot be stored (NUL or an unpaired surrogate), or nests too deep`, attributes: [attribute] });
  }
  for (const part of [request.query, request.params]) {
    const where = findForbiddenText(part);
    if (where !== null) throw new ApiError(422, { error: `Parameter ${where.map(String).join('.')} contains a character that cannot be stored (NUL or an unpaired surrogate)` });
  }
}
