import { describe, expect, it, vi } from 'vitest';
import { hostInfoSchema } from '../../../shared/host';
import { createWebHost, platformFromNavigator, SERVER_CONNECTION_KEY, webConnectionStore, type WebHostEnvironment } from './web';

function environment(
  navigatorLike: WebHostEnvironment['navigator'] = { platform: 'Linux x86_64', language: 'es-ES' },
) {
  const open = vi.fn<WebHostEnvironment['open']>(() => null);
  return { open, value: { navigator: navigatorLike, open } satisfies WebHostEnvironment };
}

describe('platformFromNavigator', () => {
  it.each([
    [{ userAgentData: { platform: 'macOS' } }, 'mac'],
    [{ userAgentData: { platform: 'Windows' } }, 'windows'],
    [{ userAgentData: { platform: 'Linux' } }, 'linux'],
    [{ userAgentData: { platform: 'Android' }, platform: 'Linux armv8l' }, 'other'],
    [{ userAgentData: { platform: 'Chrome OS' } }, 'other'],
    [{ userAgentData: { platform: '' }, platform: 'MacIntel' }, 'mac'],
    [{ platform: 'Win32' }, 'windows'],
    [{ platform: 'Linux x86_64' }, 'linux'],
    [{ platform: 'Linux; Android 14' }, 'other'],
    [{}, 'other'],
  ] as const)('%j → %s', (navigatorLike, platform) => {
    expect(platformFromNavigator(navigatorLike)).toBe(platform);
  });
});

describe('createWebHost', () => {
  it('describes the browser', async () => {
    const result = await createWebHost(environment().value).getInfo();
    expect(result.ok).toBe(true);
    const info = result.ok ? result.value : null;
    expect(hostInfoSchema.parse(info)).toMatchObject({ kind: 'web', platform: 'linux', locale: 'es-ES' });
  });

  it('falls back to en-US when the browser reports no language', async () => {
    const result = await createWebHost(environment({ platform: 'Win32', language: '' }).value).getInfo();
    expect(result.ok && result.value.locale).toBe('en-US');
  });

  it('opens web links in a new tab without opener or referrer', async () => {
    const { open, value } = environment();
    expect(await createWebHost(value).openExternal('HTTPS://Example.com/a')).toEqual({
      ok: true,
      value: undefined,
    });
    expect(open).toHaveBeenCalledWith('https://example.com/a', '_blank', 'noopener,noreferrer');
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    '//evil.example',
    'https://u:p@example.com',
    ' https://example.com',
  ])('refuses %s without opening anything', async (url) => {
    const { open, value } = environment();
    const result = await createWebHost(value).openExternal(url);
    expect(!result.ok && result.error.code).toBe('not-allowed');
    expect(open).not.toHaveBeenCalled();
  });

  it('saves a CSV as a download under the suggested name, and refuses a name main would refuse', async () => {
    const download = vi.fn<(fileName: string, content: string) => void>();
    const host = createWebHost({ ...environment().value, download });
    expect(await host.saveCsvFile({ suggestedName: 'contacts-2026-11-25.csv', content: 'a,b\r\n' })).toEqual({
      ok: true,
      value: { saved: true },
    });
    expect(download).toHaveBeenCalledWith('contacts-2026-11-25.csv', 'a,b\r\n');
    const refused = await host.saveCsvFile({ suggestedName: '../x.csv', content: '' });
    expect(!refused.ok && refused.error.code).toBe('invalid-request');
    expect(download).toHaveBeenCalledTimes(1);
  });

  it('has no native open dialog and never opens files by itself', () => {
    const host = createWebHost(environment().value);
    expect(host.pickCsvFile).toBeUndefined();
    const listener = vi.fn();
    const unsubscribe = host.onOpenFile(listener);
    expect(() => unsubscribe()).not.toThrow();
    expect(listener).not.toHaveBeenCalled();
  });

  it('has no menu: subscribing returns a callable unsubscribe and never calls back', () => {
    const listener = vi.fn();
    const unsubscribe = createWebHost(environment().value).onMenuCommand(listener);
    expect(() => unsubscribe()).not.toThrow();
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('web host sync connection', () => {
  function memoryStorage() {
    const map = new Map<string, string>();
    return {
      map,
      getItem: (key: string) => map.get(key) ?? null,
      setItem: (key: string, value: string) => void map.set(key, value),
      removeItem: (key: string) => void map.delete(key),
    };
  }

  it('connects after a good test, keeps the connection across hosts, and requests only its origin', async () => {
    const storage = memoryStorage();
    const calls: string[] = [];
    const fetchImpl = vi.fn<typeof fetch>(async (input) => {
      calls.push(String(input));
      const url = String(input);
      const body = url.includes('sync/capabilities') ? { sync: { version: 1 } } : { payload: [] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const host = createWebHost({ ...environment().value, storage, fetch: fetchImpl });
    const connected = await host.connectServer({ baseUrl: 'http://127.0.0.1:3000/x', accountId: 1, token: 'tok' });
    expect(connected).toEqual({ ok: true, value: { outcome: 'ok', mode: 'extension', detail: '' } });
    expect(JSON.parse(storage.map.get(SERVER_CONNECTION_KEY) ?? 'null')).toMatchObject({ origin: 'http://127.0.0.1:3000', accountId: 1 });

    const again = createWebHost({ ...environment().value, storage, fetch: fetchImpl });
    expect(await again.getServerConnection()).toEqual({ ok: true, value: { baseUrl: 'http://127.0.0.1:3000', accountId: 1, hasToken: true } });
    const response = await again.syncRequest({ method: 'GET', path: 'sync/changes', query: { since: '', limit: 10 } });
    expect(response.ok).toBe(true);
    expect(calls[calls.length - 1]).toBe('http://127.0.0.1:3000/api/v1/accounts/1/sync/changes?since=&limit=10');

    await again.disconnectServer();
    expect(storage.map.has(SERVER_CONNECTION_KEY)).toBe(false);
    expect(await again.syncRequest({ method: 'GET', path: 'contacts' })).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
  });

  it('a corrupt stored connection is "not connected"', async () => {
    const storage = memoryStorage();
    storage.map.set(SERVER_CONNECTION_KEY, '{"origin": 5}');
    const host = createWebHost({ ...environment().value, storage, fetch: vi.fn<typeof fetch>() });
    expect(await host.getServerConnection()).toEqual({ ok: true, value: null });
    expect(webConnectionStore(undefined)).toBeDefined();
  });
});

describe('the web host’s ?contact= link', () => {
  const UUID = '0b7e3c1e-5a4f-4c2a-9d1e-2f3a4b5c6d7e';
  const hostAt = (search: string) => createWebHost({ ...environment().value, location: { search } });
  const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));

  it('hands the page’s contact to the first listener, once', async () => {
    const webHost = hostAt(`?contact=${UUID}`);
    const first = vi.fn();
    const second = vi.fn();
    webHost.onOpenContact(first);
    await flush();
    webHost.onOpenContact(second);
    await flush();
    expect(first).toHaveBeenCalledExactlyOnceWith({ kind: 'local', id: UUID });
    expect(second).not.toHaveBeenCalled();
  });

  it('keeps the link for the next listener when the first unsubscribed at once (StrictMode)', async () => {
    const webHost = hostAt('?demo=5&contact=42');
    const gone = vi.fn();
    webHost.onOpenContact(gone)();
    const listener = vi.fn();
    webHost.onOpenContact(listener);
    await flush();
    expect(gone).not.toHaveBeenCalled();
    expect(listener).toHaveBeenCalledExactlyOnceWith({ kind: 'server', serverId: 42 });
  });

  it.each(['?contact=', '?contact=abc', '?contact=42%0A', '?contact=0', '?contact=__proto__'])(
    'says %j names no contact, without passing its text on',
    async (search) => {
      const listener = vi.fn();
      hostAt(search).onOpenContact(listener);
      await flush();
      expect(listener).toHaveBeenCalledExactlyOnceWith({ kind: 'invalid' });
    },
  );

  it('stays quiet when the page was opened without a link', async () => {
    const listener = vi.fn();
    hostAt('?demo=5').onOpenContact(listener);
    await flush();
    expect(listener).not.toHaveBeenCalled();
  });
});
