/**
 * The engine behind the worker protocol: the window's side (`connectSyncEngine` under `createAppSync`)
 * and the worker's side (`serveSyncEngine` with the real engine) joined by a MessageChannel, the
 * engine's requests made by the window's host against the real server.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../../../shared/host';
import { fail, ok } from '../../../../shared/result';
import type { OutboxEntry } from '../../../../shared/records';
import { addLabelOp } from '../store/label-ops';
import { WintookDb } from '../store/schema';
import { createSyncEngine, type SyncEngine, type SyncStatus } from './engine';
import { createAppSync, type AppSync } from './sync-service';
import { createContactsParticipant } from './participants/contacts';
import { onWatchedContactsChange, watchContactConversations } from './participants/messages';
import { connectSyncEngine } from './worker-client';
import { serveSyncEngine, withLabelOpsSettled } from './worker-core';
import { createTestClient, fakeWindow, fetchTransportFor, type TestClient } from '../../../../../tests/support/sync-harness';
import { serversForTheseTests } from '../../../../../tests/support/sync-servers';
import type { SyncTransport } from './transport';
import type { MessageEndpoint } from './worker-protocol';

const servers = serversForTheseTests();

/** A MessagePort that records what crosses it (to look for the token). */
function recorded(port: MessagePort, log: unknown[]): MessageEndpoint {
  return {
    postMessage(message) {
      log.push(message);
      port.postMessage(message);
    },
    get onmessage() {
      return port.onmessage as MessageEndpoint['onmessage'];
    },
    set onmessage(handler) {
      port.onmessage = handler;
    },
  };
}

/** A host whose `syncRequest` is the real server over HTTP with the token (as the web host's is). */
function hostFor(transport: SyncTransport) {
  const syncRequest = vi.fn<HostApi['syncRequest']>(async (request) => {
    try {
      return ok(await transport.request(request));
    } catch (error) {
      return fail('unavailable', String(error));
    }
  });
  return { syncRequest, getServerConnection: async () => ok({ baseUrl: 'http://server.test', accountId: 1, hasToken: true }) } as unknown as HostApi & {
    syncRequest: typeof syncRequest;
  };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function channel() {
  const { port1, port2 } = new MessageChannel();
  cleanups.push(() => {
    port1.close();
    port2.close();
  });
  return { windowPort: port1, workerPort: port2 };
}

describe('the sync engine behind the worker protocol', () => {
  it('syncs through the window’s host: pull and push, status and progress in the window, the token never crosses', async () => {
    const account = await servers.newAccount();
    const remote = fetchTransportFor(servers.url, account.accountId, account.token);
    for (const name of ['Ana', 'Bea', 'Carmen']) {
      const created = await remote.request({ method: 'POST', path: 'contacts', body: { name, email: `${name.toLowerCase()}@x.test` } });
      expect(created.status).toBe(200);
    }
    // The worker's database connection and engine; the window's own connection to the same database.
    const worker: TestClient = createTestClient({ request: () => Promise.reject(new Error('the worker has no transport of its own')) });
    const windowDb = new WintookDb(worker.db.name);
    cleanups.push(() => {
      worker.close();
      windowDb.close();
    });
    const host = hostFor(fetchTransportFor(servers.url, account.accountId, account.token));
    const { windowPort, workerPort } = channel();
    const toWindow: unknown[] = [];
    const toWorker: unknown[] = [];
    let opened = 0;
    serveSyncEngine(recorded(workerPort, toWindow), (transport) => createSyncEngine({ sync: worker.sync, transport, participants: [createContactsParticipant(worker.sync)], feedPageSize: 2 }));
    const engine = connectSyncEngine(() => {
      opened += 1;
      return recorded(windowPort, toWorker);
    }, { host });
    const phases: SyncStatus[] = [];
    engine.subscribe((status) => phases.push(status));
    const appSync: AppSync = createAppSync({ host, sync: worker.sync, engine, win: fakeWindow() as never });
    cleanups.push(() => appSync.dispose());

    await vi.waitFor(() => expect(appSync.engine.status()).toMatchObject({ phase: 'idle', lastSyncedAt: expect.any(Number) }), { timeout: 10_000 });
    expect(opened).toBe(1);
    expect((await windowDb.contacts.toArray()).map((c) => c.name).sort()).toEqual(['Ana', 'Bea', 'Carmen']);
    // Two pages of two and one: progress reached the window as the pages were applied.
    expect(phases.filter((s) => s.phase === 'syncing' && s.progress !== null).map((s) => s.progress!.done)).toEqual(expect.arrayContaining([2, 3]));

    // A local edit in the window is pushed by the worker's run; the run's result comes back.
    await worker.repository.contacts.create({ name: 'Dora', email: 'dora@x.test' });
    const before = host.syncRequest.mock.calls.length;
    const result = await appSync.engine.syncNow();
    expect(result).toMatchObject({ ok: true, pushed: 1 });
    expect(host.syncRequest.mock.calls.length - before).toBe(result.requests);
    const listed = await remote.request({ method: 'GET', path: 'contacts', query: { per_page: 50, include_contact_inboxes: 'false' } });
    expect((listed.body as { payload: { name: string }[] }).payload.map((c) => c.name)).toContain('Dora');
    await appSync.engine.refresh();
    expect(appSync.engine.status()).toMatchObject({ waiting: 0, rejected: 0 });

    expect(JSON.stringify(toWindow)).not.toContain(account.token);
    expect(JSON.stringify(toWorker)).not.toContain(account.token);
    expect(toWindow.some((m) => (m as { type: string }).type === 'request')).toBe(true);
  });

  it('no answer from the host: the worker’s run stops as offline, and the window shows it', async () => {
    const client = createTestClient({ request: () => Promise.reject(new Error('unused')) });
    cleanups.push(() => client.close());
    await client.repository.contacts.create({ name: 'Eva' });
    const host = { syncRequest: vi.fn(async () => fail('unavailable', 'fetch failed')) } as unknown as HostApi;
    const { windowPort, workerPort } = channel();
    serveSyncEngine(workerPort, (transport) => createSyncEngine({ sync: client.sync, transport, participants: [createContactsParticipant(client.sync)] }));
    const engine = connectSyncEngine(() => windowPort, { host });
    const result = await engine.syncNow();
    expect(result).toMatchObject({ ok: false, failure: { kind: 'network' } });
    expect(result.retryInMs).toBeGreaterThan(0);
    expect(engine.status()).toMatchObject({ phase: 'offline', waiting: 1 });
    engine.dispose();
  });

  it('forwards start/stop/online/visible/wake, the open sidebars and the worker’s message writes; opens the worker only when needed', async () => {
    const calls: string[] = [];
    const stub: SyncEngine = {
      syncNow: async () => ({ ok: true, failure: null, retryInMs: null, requests: 0, pushed: 0, pulled: 0 }),
      status: () => ({ phase: 'idle', waiting: 0, rejected: 0, conflicts: 0, progress: null, lastSyncedAt: null, retryAt: null, message: null }),
      subscribe: () => () => undefined,
      refresh: async () => {
        throw new Error('database closed');
      },
      resume: async () => undefined,
      start: () => calls.push('start'),
      stop: () => calls.push('stop'),
      setOnline: (online) => calls.push(`online:${online}`),
      setVisible: (visible) => calls.push(`visible:${visible}`),
      wake: () => calls.push('wake'),
    };
    const { windowPort, workerPort } = channel();
    const watched: string[][] = [];
    const served = serveSyncEngine(workerPort, () => stub, { onWatched: (ids) => watched.push(ids) });
    const changed: (readonly string[] | null)[] = [];
    let opened = 0;
    const engine = connectSyncEngine(() => (opened++, windowPort), { host: { syncRequest: vi.fn() }, onMessagesChanged: (ids) => changed.push(ids) });

    // Nothing to tell a worker that does not exist yet.
    engine.stop();
    engine.setOnline(false);
    engine.setVisible(false);
    engine.wake();
    expect(engine.status().phase).toBe('offline');
    engine.setWatched(['c1']);
    expect(opened).toBe(0);
    // The first start opens it and tells it what it missed first.
    engine.start();
    expect(opened).toBe(1);
    // Offline, a start runs nothing: the footer keeps saying offline.
    expect(engine.status().phase).toBe('offline');
    engine.setOnline(true);
    // Online, a start runs at once: said before the worker's first status arrives (no "Up to date" meanwhile).
    engine.start();
    expect(engine.status().phase).toBe('syncing');
    engine.setWatched(['c1', 'c2']);
    engine.setVisible(true);
    engine.wake();
    engine.stop();
    await expect(engine.refresh()).rejects.toThrow('database closed');
    expect(calls).toEqual(['online:false', 'visible:false', 'start', 'online:true', 'start', 'visible:true', 'wake', 'stop']);
    expect(watched).toEqual([['c1'], ['c1', 'c2']]);

    served.messagesChanged(['c2']);
    served.messagesChanged(null);
    await vi.waitFor(() => expect(changed).toEqual([['c2'], null]));
    engine.dispose();
  });

  it('ignores malformed messages on both sides', async () => {
    const { windowPort, workerPort } = channel();
    const syncNow = vi.fn(async () => ({ ok: true, failure: null, retryInMs: null, requests: 0, pushed: 0, pulled: 0 }));
    const idle: SyncStatus = { phase: 'idle', waiting: 0, rejected: 0, conflicts: 0, progress: null, lastSyncedAt: null, retryAt: null, message: null };
    const stub = { syncNow, status: () => idle, subscribe: () => () => undefined, start: vi.fn(), stop: vi.fn(), setOnline: vi.fn() } as unknown as SyncEngine;
    const problems: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => problems.push(error));
    cleanups.push(() => vi.unstubAllGlobals());
    serveSyncEngine(workerPort, () => stub);
    const { port1: rogueWindow, port2: rogueWorker } = new MessageChannel();
    cleanups.push(() => rogueWindow.close());
    // Straight at the worker's side: a call without an id, an unknown method, a request it never made.
    workerPort.onmessage!({ data: { type: 'call', method: 'syncNow' } } as MessageEvent);
    workerPort.onmessage!({ data: { type: 'call', id: 1, method: 'dropDatabase' } } as MessageEvent);
    workerPort.onmessage!({ data: { type: 'answer', id: 99, result: { ok: true, value: { status: 9000, headers: {}, body: null } } } } as MessageEvent);
    workerPort.onmessage!({ data: 'start' } as MessageEvent);
    expect(syncNow).not.toHaveBeenCalled();
    expect((stub.start as ReturnType<typeof vi.fn>).mock.calls).toHaveLength(0);
    expect(problems).toHaveLength(4);

    // At the window's side: statuses that are not statuses, a request to somewhere else.
    const syncRequest = vi.fn();
    const engine = connectSyncEngine(() => windowPort, { host: { syncRequest } });
    engine.start();
    await vi.waitFor(() => expect(engine.status().phase).toBe('idle'));
    const initial = engine.status();
    windowPort.onmessage!({ data: { type: 'status', status: { ...initial, phase: 'hacked' } } } as MessageEvent);
    windowPort.onmessage!({ data: { type: 'status', status: { ...initial, waiting: -1 } } } as MessageEvent);
    windowPort.onmessage!({ data: { type: 'request', id: 1, request: { method: 'GET', path: '../../admin' } } } as MessageEvent);
    windowPort.onmessage!({ data: { type: 'request', id: 2, request: { method: 'TRACE', path: 'contacts' } } } as MessageEvent);
    expect(engine.status()).toBe(initial);
    expect(syncRequest).not.toHaveBeenCalled();
    expect(problems).toHaveLength(8);
    rogueWorker.close();
    engine.dispose();
  });

  it('a worker that is lost (did not load) answers every call as "not synced" and says so', async () => {
    const posted: unknown[] = [];
    const endpoint: MessageEndpoint = { postMessage: (m) => posted.push(m), onmessage: null };
    const engine = connectSyncEngine(() => endpoint, { host: { syncRequest: vi.fn() } });
    const running = engine.syncNow();
    engine.lost('Failed to load the worker script');
    await expect(running).resolves.toMatchObject({ ok: false, failure: { kind: 'retry', message: 'Failed to load the worker script' } });
    expect(engine.status()).toMatchObject({ phase: 'error', message: 'Failed to load the worker script' });
    await expect(engine.syncNow()).resolves.toMatchObject({ ok: false, requests: 0 });
    await expect(engine.refresh()).resolves.toBeUndefined();
    expect(posted).toHaveLength(1);
    engine.dispose();
  });

  it('closing the worker’s side ends its requests in flight as "no answer"', async () => {
    const client = createTestClient({ request: () => Promise.reject(new Error('unused')) });
    cleanups.push(() => client.close());
    const { windowPort, workerPort } = channel();
    const served = serveSyncEngine(workerPort, (transport) => createSyncEngine({ sync: client.sync, transport, participants: [createContactsParticipant(client.sync)] }));
    // The host never answers (a hung request): the window keeps it; the worker closes.
    let asked!: () => void;
    const requested = new Promise<void>((resolve) => (asked = resolve));
    const engine = connectSyncEngine(() => windowPort, { host: { syncRequest: () => (asked(), new Promise(() => undefined)) } });
    const run = served.engine.syncNow();
    engine.start();
    await requested;
    served.close();
    await expect(run).resolves.toMatchObject({ ok: false, failure: { kind: 'network', message: 'The sync worker closed' } });
    engine.dispose();
  });
});

describe('label ops written by the window, seen by the worker’s push', () => {
  it('folds them before a contact is pushed, so the new labels go and are not acknowledged as sent', async () => {
    const account = await servers.newAccount();
    const transport = fetchTransportFor(servers.url, account.accountId, account.token);
    const worker = createTestClient(transport);
    const windowDb = new WintookDb(worker.db.name);
    cleanups.push(() => {
      worker.close();
      windowDb.close();
    });
    const ana = await worker.repository.contacts.create({ name: 'Ana', email: 'ana@x.test', labels: ['a'] });
    const settled = withLabelOpsSettled(worker.sync, async () => {
      const { foldLabelOps } = await import('../store/label-ops');
      await foldLabelOps(worker.db);
    });
    const engine = createSyncEngine({ sync: settled, transport, participants: [createContactsParticipant(settled)] });
    expect((await engine.syncNow()).ok).toBe(true);
    // The worker's context has passed its gate once (it looked at the table: empty).
    expect(await worker.sync.getContact(ana.id)).toMatchObject({ labels: ['a'] });

    // The window adds a label as an op (its rows not yet folded) with the change's outbox row.
    const at = Date.now();
    await windowDb.transaction('rw', windowDb.labelOps, windowDb.outbox, async () => {
      await addLabelOp(windowDb, { ids: [ana.id], change: { kind: 'labels', add: ['vip'], remove: [] }, at, createdAt: at });
      const row: Omit<OutboxEntry, 'seq'> = {
        entity: 'contact',
        entityId: ana.id,
        op: 'update',
        changes: { labels: ['a', 'vip'] },
        baseValues: { labels: ['a'] },
        idempotencyKey: crypto.randomUUID(),
        attempts: 0,
        state: 'pending',
        lastError: null,
        createdAt: at,
      };
      await (windowDb.outbox as unknown as { add(row: Omit<OutboxEntry, 'seq'>): Promise<number> }).add(row);
    });
    expect((await windowDb.contacts.get(ana.id))?.labels).toEqual(['a']);

    expect((await engine.syncNow()).ok).toBe(true);
    const serverId = (await worker.sync.getContact(ana.id))!.serverId!;
    const labels = await transport.request({ method: 'GET', path: `contacts/${serverId}/labels` });
    expect((labels.body as { payload: string[] }).payload.sort()).toEqual(['a', 'vip']);
    expect(await windowDb.labelOps.count()).toBe(0);
    expect(await windowDb.outbox.count()).toBe(0);
  });
});

describe('the open sidebars, as the worker is told of them', () => {
  it('reports the list when a contact is first opened and when its last sidebar closes, not in between', () => {
    const seen: string[][] = [];
    const stop = onWatchedContactsChange((ids) => seen.push(ids));
    const first = watchContactConversations('c1');
    const again = watchContactConversations('c1');
    const other = watchContactConversations('c2');
    first();
    expect(seen).toEqual([['c1'], ['c1', 'c2']]);
    again();
    other();
    expect(seen).toEqual([['c1'], ['c1', 'c2'], ['c2'], []]);
    stop();
    watchContactConversations('c3')();
    expect(seen).toHaveLength(4);
  });
});
