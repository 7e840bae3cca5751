import type { HostApi } from '../../../../shared/host';

/**
 * How the engine talks to the server. Paths are relative to the account
 * (`/api/v1/accounts/{id}/`), so the engine never sees the origin or the token: in Electron the main
 * process holds both and performs the request (issue 8); the web host and the tests use
 * {@link createFetchTransport}.
 */
export interface SyncRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the account, no leading slash: `contacts/12`, `sync/changes`. */
  path: string;
  query?: Record<string, string | number | readonly string[]>;
  body?: unknown;
  idempotencyKey?: string;
  /** A record version; sent as `If-Match: "<version>"`. */
  ifMatch?: number;
}

export interface SyncResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON, the text when it is not JSON, null when empty. */
  body: unknown;
}

export interface SyncTransport {
  /** Rejects only when there is no answer (offline, reset, timeout); HTTP errors resolve. */
  request(request: SyncRequest): Promise<SyncResponse>;
}

export interface ServerConnection {
  /** `https://chat.example.com` (no path beyond the origin is used). */
  baseUrl: string;
  accountId: number;
  token: string;
}

/** The request line and headers for a connection; shared by the fetch transport and Electron's main. */
export function buildRequest(connection: ServerConnection, request: SyncRequest): { url: string; init: RequestInit } {
  const base = new URL(connection.baseUrl);
  const url = new URL(`/api/v1/accounts/${connection.accountId}/${request.path}`, base.origin);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
    else url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { api_access_token: connection.token, accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
  if (request.ifMatch !== undefined) headers['if-match'] = `"${request.ifMatch}"`;
  return {
    url: url.toString(),
    init: { method: request.method, headers, body: request.body === undefined ? undefined : JSON.stringify(request.body), redirect: 'error' },
  };
}

/** 30 s: a 1,000-contact page is ~1 MB; anything slower than that is a dead connection. */
export const REQUEST_TIMEOUT_MS = 30_000;

export async function readResponse(response: Response): Promise<SyncResponse> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key.toLowerCase()] = value;
  });
  const text = await response.text();
  let body: unknown = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, headers, body };
}

export function createFetchTransport(
  connection: ServerConnection,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
  timeoutMs = REQUEST_TIMEOUT_MS,
): SyncTransport {
  return {
    async request(request) {
      const { url, init } = buildRequest(connection, request);
      const response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      return readResponse(response);
    },
  };
}

/**
 * The transport the app uses: the host performs each request (Electron's main with the token it
 * keeps; the web host with fetch). `unavailable` (no answer) becomes a thrown error, as for fetch.
 */
export function createHostTransport(host: Pick<HostApi, 'syncRequest'>): SyncTransport {
  return {
    async request(request) {
      const result = await host.syncRequest({ ...request, query: request.query as Record<string, string | number | string[]> | undefined });
      if (!result.ok) throw new TypeError(result.error.message);
      return result.value;
    },
  };
}
