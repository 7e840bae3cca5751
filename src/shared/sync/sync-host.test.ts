import { describe, expect, it } from 'vitest';
import { readConnectionTest, serverOrigin, syncRequestSchema } from './connection';
import { createSyncHostCore, type ConnectionStore, type HttpAnswerText, type StoredConnection } from './sync-host';
import type { HttpRequestLine } from './connection';

function memoryStore(): ConnectionStore & { value: StoredConnection | null } {
  const store = {
    value: null as StoredConnection | null,
    load: async () => store.value,
    save: async (c: StoredConnection) => {
      store.value = c;
    },
    clear: async () => {
      store.value = null;
    },
  };
  return store;
}

const json = (status: number, body: unknown): HttpAnswerText => ({ status, headers: { 'Content-Type': 'application/json' }, text: JSON.stringify(body) });

describe('server URL and request policy', () => {
  it('accepts only http(s) origins without credentials', () => {
    expect(serverOrigin('https://chat.example.com/app/accounts/1')).toBe('https://chat.example.com');
    expect(serverOrigin(' http://127.0.0.1:3000 ')).toBe('http://127.0.0.1:3000');
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@x.test', 'chat.example.com', '', 'ftp://x.test']) {
      expect(serverOrigin(bad)).toBeNull();
    }
  });
  it('refuses paths that could leave the account', () => {
    const ok = (path: string) => syncRequestSchema.safeParse({ method: 'GET', path }).success;
    expect(ok('contacts')).toBe(true);
    expect(ok('contacts/12/destroy_custom_attributes')).toBe(true);
    expect(ok('sync/changes')).toBe(true);
    for (const bad of ['../1/contacts', 'contacts/../../2', '/contacts', 'contacts?x=1', 'https://evil.test/x', 'contacts/%2e%2e', '', 'a/b/c/d/e']) expect(ok(bad)).toBe(false);
  });
});

describe('Test connection', () => {
  it('says precisely what failed', () => {
    expect(readConnectionTest({ thrown: 'getaddrinfo ENOTFOUND' }, null)).toMatchObject({ outcome: 'unreachable', detail: 'getaddrinfo ENOTFOUND' });
    expect(readConnectionTest({ status: 401, body: { error: 'Invalid Access Token' } }, null).outcome).toBe('wrong-token');
    expect(readConnectionTest({ status: 401, body: { errors: ['You need to sign in'] } }, null).outcome).toBe('wrong-token');
    expect(readConnectionTest({ status: 401, body: { error: 'You are not authorized to access this account' } }, null).outcome).toBe('wrong-account');
    expect(readConnectionTest({ status: 404, body: { error: 'Resource could not be found' } }, null).outcome).toBe('wrong-account');
    expect(readConnectionTest({ status: 200, body: '<html>' }, null).outcome).toBe('not-chatwoot');
    expect(readConnectionTest({ status: 404, body: 'Not Found' }, null).outcome).toBe('not-chatwoot');
    expect(readConnectionTest({ status: 200, body: { payload: [] } }, { status: 200, body: { sync: { version: 1 } } })).toEqual({ outcome: 'ok', mode: 'extension', detail: '' });
    expect(readConnectionTest({ status: 200, body: { payload: [] } }, { status: 404, body: {} }).mode).toBe('strict');
  });
});

describe('sync host core', () => {
  it('stores the connection only after a good test, and signs requests only to that origin', async () => {
    const store = memoryStore();
    const seen: HttpRequestLine[] = [];
    let answers: HttpAnswerText[] = [json(401, { error: 'Invalid Access Token' })];
    const core = createSyncHostCore(store, async (line) => {
      seen.push(line);
      return answers.shift() ?? json(200, { payload: [] });
    });
    const bad = await core.connect({ baseUrl: 'https://chat.example.com', accountId: 3, token: 'nope' });
    expect(bad).toEqual({ ok: true, value: { outcome: 'wrong-token', mode: null, detail: 'Invalid Access Token' } });
    expect(store.value).toBeNull();
    expect(await core.request({ method: 'GET', path: 'contacts' })).toMatchObject({ ok: false, error: { code: 'not-allowed' } });

    answers = [json(200, { payload: [] }), json(200, { sync: { version: 1 } })];
    const good = await core.connect({ baseUrl: 'https://chat.example.com/some/page', accountId: 3, token: ' tok ' });
    expect(good.ok && good.value.outcome).toBe('ok');
    expect(store.value).toEqual({ origin: 'https://chat.example.com', accountId: 3, token: 'tok' });
    expect(await core.getConnection()).toEqual({ ok: true, value: { baseUrl: 'https://chat.example.com', accountId: 3, hasToken: true } });

    answers = [{ status: 200, headers: { ETag: '"4"' }, text: '{"payload":{"id":1}}' }];
    const response = await core.request({ method: 'PATCH', path: 'contacts/1', body: { name: 'x' }, idempotencyKey: 'k1', ifMatch: 3 });
    expect(response).toEqual({ ok: true, value: { status: 200, headers: { etag: '"4"' }, body: { payload: { id: 1 } } } });
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ url: 'https://chat.example.com/api/v1/accounts/3/contacts/1', method: 'PATCH', body: '{"name":"x"}' });
    expect(last.headers).toMatchObject({ api_access_token: 'tok', 'idempotency-key': 'k1', 'if-match': '"3"' });

    await core.disconnect();
    expect(store.value).toBeNull();
  });

  it('no answer is `unavailable` (offline), never a throw', async () => {
    const store = memoryStore();
    store.value = { origin: 'http://127.0.0.1:9', accountId: 1, token: 't' };
    const core = createSyncHostCore(store, async () => {
      throw new TypeError('fetch failed');
    });
    expect(await core.request({ method: 'GET', path: 'contacts' })).toEqual({ ok: false, error: { code: 'unavailable', message: 'fetch failed' } });
    expect(await core.test({ baseUrl: 'http://127.0.0.1:9', accountId: 1, token: 't' })).toMatchObject({ ok: true, value: { outcome: 'unreachable' } });
  });
});
