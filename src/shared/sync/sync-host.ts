import { fail, ok, type Result } from '../result';
import {
  httpRequestFor,
  readConnectionTest,
  serverOrigin,
  type ConnectionTest,
  type HttpRequestLine,
  type ServerConnectionInfo,
  type ServerConnectionInput,
  type SyncRequestPayload,
  type SyncResponsePayload,
} from './connection';

/**
 * The host side of sync, shared by Electron's main process (token encrypted with `safeStorage`,
 * never sent to the renderer) and the web host (a dev/test host: token in memory and
 * localStorage). Storage and HTTP are injected; requests go only to the stored origin.
 */

export interface StoredConnection {
  origin: string;
  accountId: number;
  token: string;
}

export interface ConnectionStore {
  load(): Promise<StoredConnection | null>;
  save(connection: StoredConnection): Promise<void>;
  clear(): Promise<void>;
  /** The token is held in memory only (the system cannot encrypt it): gone when the app closes. */
  sessionOnly?(): boolean;
}

export interface HttpAnswerText {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Performs one request; rejects when there is no answer. Must not follow redirects (they could leave the origin). */
export type HttpFetch = (request: HttpRequestLine) => Promise<HttpAnswerText>;

export interface SyncHostCore {
  getConnection(): Promise<Result<ServerConnectionInfo | null>>;
  /** Tests, and stores the connection only when the test is `ok`. */
  connect(input: ServerConnectionInput): Promise<Result<ConnectionTest>>;
  disconnect(): Promise<Result<void>>;
  test(input: ServerConnectionInput): Promise<Result<ConnectionTest>>;
  request(request: SyncRequestPayload): Promise<Result<SyncResponsePayload>>;
}

/** A response body as the engine reads it: parsed JSON, the text when it is not JSON, null when empty. */
export function parseResponseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createSyncHostCore(store: ConnectionStore, httpFetch: HttpFetch): SyncHostCore {
  async function test(input: ServerConnectionInput): Promise<Result<ConnectionTest>> {
    const origin = serverOrigin(input.baseUrl);
    if (!origin) return fail('invalid-request', 'The server URL must start with http:// or https://.');
    const token = input.token.trim();
    const send = async (path: string, query: Record<string, string | number>) => {
      try {
        const answer = await httpFetch(httpRequestFor(origin, input.accountId, token, { method: 'GET', path, query }));
        return { status: answer.status, body: parseResponseBody(answer.text) };
      } catch (error) {
        return { thrown: errorText(error) };
      }
    };
    const contacts = await send('contacts', { per_page: 1, include_contact_inboxes: 'false' });
    let capabilities: { status: number; body: unknown } | null = null;
    if (!('thrown' in contacts) && contacts.status === 200) {
      const answer = await send('sync/capabilities', {});
      capabilities = 'thrown' in answer ? null : answer;
    }
    return ok(readConnectionTest(contacts, capabilities));
  }

  return {
    async getConnection() {
      const stored = await store.load();
      if (!stored) return ok(null);
      const info = { baseUrl: stored.origin, accountId: stored.accountId, hasToken: stored.token !== '' };
      return ok(store.sessionOnly?.() ? { ...info, sessionOnly: true } : info);
    },
    async connect(input) {
      const tested = await test(input);
      if (!tested.ok || tested.value.outcome !== 'ok') return tested;
      await store.save({ origin: serverOrigin(input.baseUrl)!, accountId: input.accountId, token: input.token.trim() });
      return tested;
    },
    async disconnect() {
      await store.clear();
      return ok(undefined);
    },
    test,
    async request(request) {
      const stored = await store.load();
      if (!stored) return fail('not-allowed', 'No server is connected.');
      let answer: HttpAnswerText;
      try {
        answer = await httpFetch(httpRequestFor(stored.origin, stored.accountId, stored.token, request));
      } catch (error) {
        // No answer: the engine treats `unavailable` as offline and retries with back-off.
        return fail('unavailable', errorText(error).slice(0, 500));
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(answer.headers)) headers[key.toLowerCase()] = value;
      return ok({ status: answer.status, headers, body: request.rawBody ? answer.text : parseResponseBody(answer.text) });
    },
  };
}

/** An `HttpFetch` over the standard `fetch` (Electron's main and the browser both have it). */
export function fetchHttp(fetchImpl: typeof fetch, timeoutMs = 30_000): HttpFetch {
  return async (line) => {
    const response = await fetchImpl(line.url, {
      method: line.method,
      headers: line.headers,
      body: line.body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: response.status, headers, text: await response.text() };
  };
}
