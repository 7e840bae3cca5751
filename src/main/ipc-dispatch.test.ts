import { describe, expect, it, vi } from 'vitest';
import { resultSchema, ipcInvoke } from '../shared/ipc';
import { ok } from '../shared/result';
import { dispatchInvoke, type DispatchContext, type InvokeHandlers } from './ipc-dispatch';

const APP_URL = 'file:///app/out/renderer/index.html';

function context(overrides: Partial<InvokeHandlers> = {}) {
  const handlers: InvokeHandlers = {
    getInfo: vi.fn(async () =>
      ok({ kind: 'electron' as const, platform: 'linux' as const, locale: 'es-ES', appVersion: '0.1.0' }),
    ),
    openExternal: vi.fn(async () => ok(undefined)),
    getServerConnection: vi.fn(async () => ok(null)),
    testServerConnection: vi.fn(async () => ok({ outcome: 'ok' as const, mode: 'extension' as const, detail: '' })),
    connectServer: vi.fn(async () => ok({ outcome: 'ok' as const, mode: 'extension' as const, detail: '' })),
    disconnectServer: vi.fn(async () => ok(undefined)),
    syncRequest: vi.fn(async () => ok({ status: 200, headers: {}, body: null })),
    openFileReady: vi.fn(async () => ok(undefined)),
    pickCsvFile: vi.fn(async () => ok(null)),
    saveCsvFile: vi.fn(async () => ok({ saved: true })),
    openContactReady: vi.fn(async () => ok(undefined)),
    reportError: vi.fn(async () => ok(undefined)),
    ...overrides,
  };
  const log = { warn: vi.fn(), error: vi.fn() };
  const value: DispatchContext = { appUrl: APP_URL, handlers, log };
  return { value, handlers, log };
}

describe('dispatchInvoke', () => {
  it('passes a renderer’s error report to the log within its bounds, and refuses one beyond them', async () => {
    const { value, handlers } = context();
    const report = { kind: 'error', message: 'TypeError: x', stack: 'TypeError: x\n    at f (index.js:1:1)' };
    expect(await dispatchInvoke('reportError', { senderUrl: APP_URL, args: [report] }, value)).toEqual({ ok: true, value: undefined });
    expect(handlers.reportError).toHaveBeenCalledExactlyOnceWith(report);
    for (const bad of [
      { ...report, message: 'm'.repeat(2_001) },
      { ...report, stack: 's'.repeat(8_001) },
      { ...report, kind: 'warning' },
      { ...report, extra: 'field' },
    ]) {
      const result = await dispatchInvoke('reportError', { senderUrl: APP_URL, args: [bad] }, value);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(handlers.reportError).toHaveBeenCalledOnce();
  });

  it('runs the handler for a trusted sender with valid arguments', async () => {
    const { value, handlers } = context();
    const result = await dispatchInvoke(
      'openExternal',
      { senderUrl: `${APP_URL}?demo=10`, args: ['https://example.com'] },
      value,
    );
    expect(result).toEqual({ ok: true, value: undefined });
    expect(handlers.openExternal).toHaveBeenCalledWith('https://example.com');
    const info = await dispatchInvoke('getInfo', { senderUrl: APP_URL, args: [] }, value);
    expect(resultSchema(ipcInvoke.getInfo.response).parse(info)).toEqual(info);
  });

  it.each([
    ['another page', 'https://evil.example/'],
    ['another local file', 'file:///tmp/evil.html'],
    ['a subframe or a gone frame', null],
  ])('refuses %s without running the handler', async (_label, senderUrl) => {
    const { value, handlers, log } = context();
    const result = await dispatchInvoke('openExternal', { senderUrl, args: ['https://example.com'] }, value);
    expect(result).toEqual({ ok: false, error: { code: 'not-allowed', message: expect.any(String) } });
    expect(handlers.openExternal).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalled();
  });

  it.each([
    ['no argument', []],
    ['a number', [42]],
    ['an object', [{ toString: 'https://example.com' }]],
    ['an empty string', ['']],
    ['a string over the size limit', ['https://example.com/' + 'a'.repeat(5000)]],
    ['an extra argument', ['https://example.com', 'extra']],
  ])('refuses %s as invalid-request', async (_label, args) => {
    const { value, handlers } = context();
    const result = await dispatchInvoke('openExternal', { senderUrl: APP_URL, args }, value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('invalid-request');
    expect(handlers.openExternal).not.toHaveBeenCalled();
  });

  it('refuses arguments to a channel that takes none', async () => {
    const { value, handlers } = context();
    const result = await dispatchInvoke('getInfo', { senderUrl: APP_URL, args: ['surprise'] }, value);
    expect(!result.ok && result.error.code).toBe('invalid-request');
    expect(handlers.getInfo).not.toHaveBeenCalled();
  });

  it('turns a throwing or rejecting handler into an internal error, without its message', async () => {
    const throwing = context({
      getInfo: () => {
        throw new Error('secret path /home/agent');
      },
    });
    const result = await dispatchInvoke('getInfo', { senderUrl: APP_URL, args: [] }, throwing.value);
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'The host could not complete getInfo.' },
    });
    expect(throwing.log.error).toHaveBeenCalled();

    const rejecting = context({ openExternal: () => Promise.reject(new Error('boom')) });
    const rejected = await dispatchInvoke(
      'openExternal',
      { senderUrl: APP_URL, args: ['https://example.com'] },
      rejecting.value,
    );
    expect(!rejected.ok && rejected.error.code).toBe('internal');
  });
});

describe('the file channels', () => {
  it('saves a CSV only under a plain .csv name, with string content', async () => {
    const { value, handlers } = context();
    const good = { suggestedName: 'contacts-2026-11-25.csv', content: '\ufeffname\r\n' };
    expect(await dispatchInvoke('saveCsvFile', { senderUrl: APP_URL, args: [good] }, value)).toEqual({
      ok: true,
      value: { saved: true },
    });
    expect(handlers.saveCsvFile).toHaveBeenCalledWith(good);
    for (const bad of [
      [{ suggestedName: '../../.profile.csv', content: '' }],
      [{ suggestedName: '/tmp/x.csv', content: '' }],
      [{ suggestedName: 'run.sh', content: '' }],
      [{ suggestedName: 'a.csv', content: new Uint8Array(3) }],
      [{ suggestedName: 'a.csv' }],
      ['a.csv', 'content'],
      [],
    ]) {
      const result = await dispatchInvoke('saveCsvFile', { senderUrl: APP_URL, args: bad }, value);
      expect(!result.ok && result.error.code).toBe('invalid-request');
    }
    expect(handlers.saveCsvFile).toHaveBeenCalledTimes(1);
  });

  it('refuses the file channels to another page or a subframe', async () => {
    const { value, handlers } = context();
    for (const senderUrl of ['https://evil.example/', null]) {
      expect(await dispatchInvoke('pickCsvFile', { senderUrl, args: [] }, value)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
      expect(await dispatchInvoke('openFileReady', { senderUrl, args: [] }, value)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
      expect(
        await dispatchInvoke('saveCsvFile', { senderUrl, args: [{ suggestedName: 'a.csv', content: '' }] }, value),
      ).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    }
    expect(handlers.pickCsvFile).not.toHaveBeenCalled();
    expect(handlers.openFileReady).not.toHaveBeenCalled();
    expect(handlers.saveCsvFile).not.toHaveBeenCalled();
  });

  it('takes no arguments to pick a file (the page cannot choose a path) and its reply parses', async () => {
    const { value, handlers } = context();
    const result = await dispatchInvoke('pickCsvFile', { senderUrl: APP_URL, args: ['/etc/passwd'] }, value);
    expect(!result.ok && result.error.code).toBe('invalid-request');
    expect(handlers.pickCsvFile).not.toHaveBeenCalled();
    const cancelled = await dispatchInvoke('pickCsvFile', { senderUrl: APP_URL, args: [] }, value);
    expect(resultSchema(ipcInvoke.pickCsvFile.response).parse(cancelled)).toEqual({ ok: true, value: null });
    const picked = { ok: true, value: { kind: 'file', name: 'a.csv', bytes: new Uint8Array([97]) } };
    expect(resultSchema(ipcInvoke.pickCsvFile.response).safeParse(picked).success).toBe(true);
    const smuggled = { ok: true, value: { kind: 'file', name: 'a.csv', bytes: new Uint8Array([97]), path: '/home/a' } };
    expect(resultSchema(ipcInvoke.pickCsvFile.response).parse(smuggled)).toEqual(picked);
  });
});
