/**
 * Test harness for the sync engine against the project's real server (server/src on in-memory
 * PGlite): one database per test file, one account per test, two apps on it (extension and
 * `--strict-chatwoot`), reached through a real socket with the fetch transport, or through Fastify's
 * `inject` (no sockets: what the fault-injection suite uses, for speed).
 */
import 'fake-indexeddb/auto';
import type { FastifyInstance } from 'fastify';
import { createChangeBus, type ChangeEvent, type ChangeListener } from '../../src/renderer/src/data/store/change-bus';
import { createRepository, type Repository } from '../../src/renderer/src/data/store/repository';
import { WintookDb } from '../../src/renderer/src/data/store/schema';
import { createRepositoryCore } from '../../src/renderer/src/data/store/records-repository';
import { createSyncRepository, type SyncRepository } from '../../src/renderer/src/data/store/sync-repository';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions, type SyncParticipant } from '../../src/renderer/src/data/sync/engine';
import { createContactsParticipant } from '../../src/renderer/src/data/sync/participants/contacts';
import { createNotesParticipant } from '../../src/renderer/src/data/sync/participants/notes';
import { createAttributeDefinitionParticipant, createLabelParticipant, createSegmentParticipant } from '../../src/renderer/src/data/sync/participants/records';
import { createHostTransport, type SyncTransport } from '../../src/renderer/src/data/sync/transport';
import { httpRequestFor } from '../../src/shared/sync/connection';
import { createSyncHostCore, fetchHttp } from '../../src/shared/sync/sync-host';
import { createAccountWithAdmin, openMigratedDatabase, startServer, type Database, type StartedServer } from '../../server/src/start';

export interface ServerHarness {
  db: Database;
  app: FastifyInstance;
  strictApp: FastifyInstance;
  url: string;
  strictUrl: string;
  newAccount(): Promise<{ accountId: number; token: string }>;
  close(): Promise<void>;
}

let accounts = 0;

/** One in-memory database and two apps on it (extension and strict Chatwoot), through the server's public start API. */
export async function startServers(): Promise<ServerHarness> {
  const db = await openMigratedDatabase();
  const results = await Promise.allSettled([startServer({ db }), startServer({ db, strict: true })]);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(results.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
    await db.close();
    throw failed.reason;
  }
  const started = results.map((result) => (result as PromiseFulfilledResult<StartedServer>).value);
  const [extension, strict] = started;
  const unique = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    db,
    app: extension.app,
    strictApp: strict.app,
    url: extension.url,
    strictUrl: strict.url,
    async newAccount() {
      accounts += 1;
      const created = await createAccountWithAdmin(db, { accountName: `Sync ${accounts}`, adminName: 'Admin', adminEmail: `sync-${unique}-${accounts}@test.local` });
      return { accountId: created.accountId, token: created.token };
    },
    async close() {
      await Promise.all([extension.close(), strict.close()]);
      await db.close();
    },
  };
}

/** A transport over Fastify's `inject`: the whole request pipeline, no socket. */
export function injectTransport(app: FastifyInstance, accountId: number, token: string): SyncTransport {
  return {
    async request(request) {
      // The app's request builder; only the origin is a stand-in (inject takes the path).
      const line = httpRequestFor('http://inject.test', accountId, token, request);
      const url = new URL(line.url);
      const response = await app.inject({ method: request.method, url: url.pathname + url.search, headers: line.headers, payload: line.body });
      let body: unknown = null;
      if (response.body !== '') {
        try {
          body = JSON.parse(response.body);
        } catch {
          body = response.body;
        }
      }
      const out: Record<string, string> = {};
      for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) out[key.toLowerCase()] = String(value);
      return { status: response.statusCode, headers: out, body };
    },
  };
}

/**
 * A transport over a real socket, the way the app's requests go: the host's request path (the one
 * request builder, shared/sync/connection.ts, and `fetch`) with this connection stored.
 */
export function fetchTransportFor(url: string, accountId: number, token: string): SyncTransport {
  const stored = { origin: new URL(url).origin, accountId, token };
  const host = createSyncHostCore(
    { load: async () => stored, save: async () => undefined, clear: async () => undefined },
    fetchHttp((...args) => fetch(...args)),
  );
  return createHostTransport({ syncRequest: (request) => host.request(request) });
}

export interface TestClient {
  db: WintookDb;
  repository: Repository;
  sync: SyncRepository;
  engine: SyncEngine;
  /** Change events of origin `sync`, as the grid would receive them. */
  syncEvents: ChangeEvent[];
  /** A new engine (and repositories) on the same database: an app restart. */
  restart(transport?: SyncTransport): TestClient;
  close(): void;
}

let clients = 0;

/**
 * Engine options (`participants`: the records synced besides contacts, which every client syncs
 * first), plus record ids for the repositories: with `now`, `newId` and `random` all seeded
 * (see `seededIds`), a client's behaviour depends on nothing but its inputs, so a fault-suite seed
 * replays exactly. A restart keeps the same functions: ids and time go on, they do not start over.
 */
export type TestClientOptions = Partial<SyncEngineOptions> & { newId?: () => string };

/** UUID-shaped ids from a seeded random source (`fault-proxy.ts`'s `seededRandom`). */
export function seededIds(random: () => number): () => string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
}

/** A clock that starts at a fixed instant and moves 1 ms per reading. */
export function steppingClock(start = Date.UTC(2026, 0, 1)): () => number {
  let at = start;
  return () => (at += 1);
}

export function createTestClient(transport: SyncTransport, options: TestClientOptions = {}, dbName?: string): TestClient {
  clients += 1;
  const name = dbName ?? `sync-client-${clients}-${crypto.randomUUID()}`;
  const db = new WintookDb(name);
  const core = { now: options.now, newId: options.newId };
  const repository = createRepository(db, { channelName: null, ...core });
  const bus = createChangeBus({ channelName: null });
  const syncEvents: ChangeEvent[] = [];
  const listener: ChangeListener = (event) => syncEvents.push(event);
  bus.subscribe(listener);
  // The app's repository core (one rw transaction, events after commit), on this client's own bus.
  const sync = createSyncRepository(db, createRepositoryCore(db, (events) => bus.publish(events), core));
  // The app's participants (participants/index.ts), on this client's sync repository so their events land in
  // `syncEvents`: contacts always, then the given records or the app's.
  const records: readonly SyncParticipant[] = options.participants ?? [
    createLabelParticipant(sync),
    createAttributeDefinitionParticipant(sync),
    createSegmentParticipant(sync),
    createNotesParticipant(sync),
  ];
  const participants = [createContactsParticipant(sync), ...records];
  const engine = createSyncEngine({ sync, transport, ...options, participants });
  return {
    db,
    repository,
    sync,
    engine,
    syncEvents,
    restart(next = transport) {
      repository.close();
      bus.close();
      db.close();
      return createTestClient(next, options, name);
    },
    close() {
      repository.close();
      bus.close();
      db.close();
    },
  };
}

/** Runs `syncNow` until a run succeeds (or `limit` runs); returns the last result. */
export async function syncUntilQuiet(engine: SyncEngine, limit = 30) {
  let result = await engine.syncNow();
  for (let i = 1; i < limit && !result.ok; i += 1) result = await engine.syncNow();
  return result;
}

/**
 * A window for `createAppSync` in tests: online and shown, with `dispatch('online' | 'offline' |
 * 'focus')` and `setVisibility('hidden' | 'visible')` (the document's `visibilitychange`).
 */
export function fakeWindow() {
  const target = new EventTarget();
  const documentTarget = new EventTarget();
  const document = {
    visibilityState: 'visible' as DocumentVisibilityState,
    addEventListener: documentTarget.addEventListener.bind(documentTarget),
    removeEventListener: documentTarget.removeEventListener.bind(documentTarget),
  };
  return {
    navigator: { onLine: true },
    document,
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    dispatch: (type: string) => target.dispatchEvent(new Event(type)),
    setVisibility(state: DocumentVisibilityState) {
      document.visibilityState = state;
      documentTarget.dispatchEvent(new Event('visibilitychange'));
    },
  };
}
