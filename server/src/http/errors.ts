/**
 * Errors with Chatwoot's bodies (`app/controllers/concerns/request_exception_handler.rb`):
 * 422 `{message, attributes}` for invalid records, `{error}` for everything else.
 */
import type { z } from 'zod';

export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export interface FieldError {
  attribute: string;
  message: string;
}

export const NOT_FOUND_BODY = { error: 'Resource could not be found' } as const;

export const notFound = (): ApiError => new ApiError(404, NOT_FOUND_BODY);

export const unauthorized = (error: string): ApiError => new ApiError(401, { error });

/**
 * An action the caller's role may not take (Chatwoot's Pundit policies). Chatwoot answers 401 with
 * this text, and strict mode does too; the extension answers 403, so no client can take a role
 * refusal for a bad token (the body is the same, so a client reading only the text still knows).
 */
export const forbidden = (strict: boolean): ApiError =>
  strict ? unauthorized(FORBIDDEN_ACTION) : new ApiError(403, { error: FORBIDDEN_ACTION });

export const FORBIDDEN_ACTION = 'You are not authorized to do this action';

/** Administrators only: label and attribute-definition management, contact delete, inbox create. */
export function requireAdministrator(principal: { role: string }, strict: boolean): void {
  if (principal.role !== 'administrator') throw forbidden(strict);
}

/** A parameter or filter error: `422 {"error": …}`. */
export const unprocessable = (error: string): ApiError => new ApiError(422, { error });

/** An invalid record: `422 {"message": "Email Invalid email, …", "attributes": ["email", …]}`. */
export function invalidRecord(errors: readonly FieldError[]): ApiError {
  const attributes = [...new Set(errors.map((error) => error.attribute))];
  return new ApiError(422, { message: errors.map((error) => error.message).join(', '), attributes });
}

/** Rails' humanised attribute name: `phone_number` → `Phone number`. */
export function humanize(attribute: string): string {
  const words = attribute.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Parses a request body with a schema; a mismatch is an invalid-record 422 naming the fields. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => {
    const attribute = issue.path.length > 0 ? String(issue.path[0]) : 'base';
    const where = issue.path.length > 0 ? humanize(issue.path.map(String).join('.')) : 'Request body';
    return { attribute, message: `${where} ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}` };
  });
  throw invalidRecord(errors);
}

/** A path id: a positive integer, else the record cannot exist. */
export function parseId(value: unknown): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,15}$/.test(value)) throw notFound();
  const id = Number(value);
  if (!Number.isSafeInteger(id)) throw notFound();
  return id;
}
