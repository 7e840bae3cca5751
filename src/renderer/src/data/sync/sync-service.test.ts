import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../../../shared/host';
import { fail, ok } from '../../../../shared/result';
import type { ServerConnectionInfo } from '../../../../shared/sync/connection';
import { STATE_KEYS } from './engine';
import { createAppSync, notifyConnectionChanged, type AppSync } from './sync-service';
import { createTestClient, fakeWindow } from '../../../../../tests/support/sync-harness';

let appSync: AppSync | null = null;
afterEach(() => appSync?.dispose());

describe('the app’s sync runner', () => {
  it('runs while connected, starts over for another server, stops when disconnected', async () => {
    let connection: ServerConnectionInfo | null = { baseUrl: 'http://a.test', accountId: 1, hasToken: true };
    const syncRequest = vi.fn<HostApi['syncRequest']>(async () => fail('unavailable', 'offline'));
    const host = { getServerConnection: async () => ok(connection), syncRequest } as unknown as HostApi;
    const client = createTestClient({ request: () => Promise.reject(new Error('unused')) });
    await client.sync.setState(STATE_KEYS.cursor, '42');
    await client.sync.setState(STATE_KEYS.connection, 'http://a.test#1');
    const win = fakeWindow();
    appSync = createAppSync({ host, sync: client.sync, win: win as never });

    await vi.waitFor(() => expect(appSync!.connected()).toBe(true));
    // Same server and account: the cursor is kept; the engine ran and found the host offline.
    await vi.waitFor(() => expect(appSync!.engine.status().phase).toBe('offline'));
    expect(await client.sync.getState(STATE_KEYS.cursor)).toBe('42');
    expect(syncRequest).toHaveBeenCalled();

    connection = null;
    notifyConnectionChanged();
    await vi.waitFor(() => expect(appSync!.connected()).toBe(false));

    connection = { baseUrl: 'http://b.test', accountId: 7, hasToken: true };
    notifyConnectionChanged();
    await vi.waitFor(() => expect(appSync!.connected()).toBe(true));
    expect(await client.sync.getState(STATE_KEYS.cursor)).toBeUndefined();
    expect(await client.sync.getState(STATE_KEYS.connection)).toBe('http://b.test#7');

    // A 401 paused everything; connecting again (same server, new token) lifts the pause.
    await client.sync.setState(STATE_KEYS.paused, true);
    notifyConnectionChanged();
    await vi.waitFor(async () => expect(await client.sync.getState(STATE_KEYS.paused)).toBe(false));

    // Going offline shows at once; back online syncs again.
    win.dispatch('offline');
    expect(appSync.engine.status().phase).toBe('offline');
    const calls = syncRequest.mock.calls.length;
    win.dispatch('online');
    await vi.waitFor(() => expect(syncRequest.mock.calls.length).toBeGreaterThan(calls));
    client.close();
  });

  it('a local edit is pushed after a short pause, not at every keystroke', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const syncRequest = vi.fn<HostApi['syncRequest']>(async () => fail('unavailable', 'offline'));
      const host = { getServerConnection: async () => ok({ baseUrl: 'http://a.test', accountId: 1, hasToken: true }), syncRequest } as unknown as HostApi;
      const client = createTestClient({ request: () => Promise.reject(new Error('unused')) });
      const listeners: ((event: { origin: string }) => void)[] = [];
      appSync = createAppSync({ host, sync: client.sync, win: fakeWindow() as never, subscribe: (l) => (listeners.push(l), () => {}) });
      await vi.waitFor(() => expect(appSync!.connected()).toBe(true));
      await vi.runOnlyPendingTimersAsync();
      await vi.waitFor(() => expect(appSync!.engine.status().phase).toBe('offline'));
      // Only the debounce may trigger runs from here (no back-off retries in the count).
      appSync.engine.stop();
      const before = syncRequest.mock.calls.length;
      for (let i = 0; i < 5; i++) listeners.forEach((l) => l({ origin: 'local' }));
      listeners.forEach((l) => l({ origin: 'sync' }));
      await vi.advanceTimersByTimeAsync(1000);
      expect(syncRequest.mock.calls.length).toBe(before);
      await vi.advanceTimersByTimeAsync(1500);
      await vi.waitFor(() => expect(syncRequest.mock.calls.length).toBe(before + 1));
      client.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells the engine when the window is hidden, shown or focused, only while connected', async () => {
    const calls: string[] = [];
    const client = createTestClient({ request: () => Promise.reject(new Error('unused')) });
    const engine = Object.assign(client.engine, {
      setVisible: (visible: boolean) => calls.push(`visible:${visible}`),
      wake: () => calls.push('wake'),
      start: () => calls.push('start'),
    });
    let connection: ServerConnectionInfo | null = null;
    const host = { getServerConnection: async () => ok(connection), syncRequest: vi.fn() } as unknown as HostApi;
    const win = fakeWindow();
    win.document.visibilityState = 'hidden';
    appSync = createAppSync({ host, sync: client.sync, engine, win: win as never });
    await vi.waitFor(() => expect(host.getServerConnection).toBeDefined());
    // Not connected: nothing to wake or pause.
    win.dispatch('focus');
    win.setVisibility('visible');
    win.setVisibility('hidden');
    expect(calls).toEqual([]);
    connection = { baseUrl: 'http://a.test', accountId: 1, hasToken: true };
    notifyConnectionChanged();
    // Connecting says how the window is before the first run.
    await vi.waitFor(() => expect(calls).toEqual(['visible:false', 'start']));
    win.setVisibility('visible');
    win.dispatch('focus');
    win.setVisibility('hidden');
    expect(calls.slice(2)).toEqual(['visible:true', 'wake', 'visible:false']);
    appSync.dispose();
    appSync = null;
    win.dispatch('focus');
    expect(calls.slice(5)).toEqual([]);
    client.close();
  });

  it('a local change stays "uncounted" until a count that started after it has finished', async () => {
    const client = createTestClient({ request: () => Promise.reject(new Error('unused')) });
    const counts: (() => void)[] = [];
    const engine = Object.assign(client.engine, {
      refresh: () => new Promise<void>((resolve) => counts.push(resolve)),
      start: () => undefined,
    });
    const host = { getServerConnection: async () => ok({ baseUrl: 'http://a.test', accountId: 1, hasToken: true }), syncRequest: vi.fn() } as unknown as HostApi;
    const listeners: ((event: { origin: string }) => void)[] = [];
    appSync = createAppSync({ host, sync: client.sync, engine, win: fakeWindow() as never, subscribe: (l) => (listeners.push(l), () => {}) });
    await vi.waitFor(() => expect(appSync!.connected()).toBe(true));
    // The connection's own count.
    await vi.waitFor(() => expect(counts).toHaveLength(1));
    counts[0]();
    const heard = vi.fn();
    appSync.onUncountedEditsChange(heard);
    expect(appSync.uncountedEdits()).toBe(false);
    listeners.forEach((l) => l({ origin: 'sync' }));
    expect(appSync.uncountedEdits()).toBe(false);

    listeners.forEach((l) => l({ origin: 'local' }));
    expect(appSync.uncountedEdits()).toBe(true);
    expect(heard).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(counts).toHaveLength(2));
    // A second edit while that count runs: the count may have read the outbox before it.
    listeners.forEach((l) => l({ origin: 'local' }));
    counts[1]();
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(2));
    expect(appSync.uncountedEdits()).toBe(true);
    // The queued count (after the recount pause) saw both.
    await vi.waitFor(() => expect(counts).toHaveLength(3), { timeout: 3000 });
    counts[2]();
    await vi.waitFor(() => expect(appSync!.uncountedEdits()).toBe(false));
    client.close();
  });

  it('does not count the waiting changes while no server is connected (not at start-up, not per import batch)', async () => {
    const listeners: ((event: { origin: string }) => void)[] = [];
    const client = createTestClient({ request: () => Promise.reject(new Error('unused')) });
    const counted = vi.spyOn(client.sync, 'countOutbox');
    const disconnected = { getServerConnection: async () => ok(null), syncRequest: vi.fn() } as unknown as HostApi;
    const getConnection = vi.spyOn(disconnected, 'getServerConnection');
    appSync = createAppSync({ host: disconnected, sync: client.sync, win: fakeWindow() as never, subscribe: (l) => (listeners.push(l), () => {}) });
    await vi.waitFor(() => expect(getConnection).toHaveBeenCalled());
    for (let i = 0; i < 20; i++) listeners.forEach((l) => l({ origin: 'import' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(counted).not.toHaveBeenCalled();
    client.close();
  });
});
