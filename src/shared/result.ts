/** Result envelopes: what crosses IPC and the host boundary instead of thrown errors. */
export type HostErrorCode = 'invalid-request' | 'not-allowed' | 'unavailable' | 'internal';

export interface HostError {
  code: HostErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: HostError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: HostErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
