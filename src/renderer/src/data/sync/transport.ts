import type { HostApi } from '../../../../shared/host';
import { parseResponseBody } from '../../../../shared/sync/sync-host';

/**
 * How the engine talks to the server. Paths are relative to the account
 * (`/api/v1/accounts/{id}/`), so the engine never sees the origin or the token: the host holds both
 * and performs the request (issue 8) with the one request builder, shared/sync/connection.ts.
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

/**
 * The transport the app uses: the host performs each request (Electron's main with the token it
 * keeps; the web host with fetch). `unavailable` (no answer) becomes a thrown error, as for fetch.
 * The body comes back as text and is parsed here, where the engine runs (the sync worker), so the
 * window's main thread neither parses a page nor clones it as objects (`rawBody`).
 */
export function createHostTransport(host: Pick<HostApi, 'syncRequest'>): SyncTransport {
  return {
    async request(request) {
      const result = await host.syncRequest({ ...request, query: request.query as Record<string, string | number | string[]> | undefined, rawBody: true });
      if (!result.ok) throw new TypeError(result.error.message);
      const { body } = result.value;
      return { ...result.value, body: typeof body === 'string' ? parseResponseBody(body) : body };
    },
  };
}
