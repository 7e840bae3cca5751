/**
 * The server's PGlite, off its event loop: the database runs in a worker thread (pglite-worker.ts)
 * and this side forwards queries and transactions to it. A slow statement then holds the worker,
 * not the server: `/health` answers and requests wait in line instead of the process freezing.
 *
 * And a time budget: the worker beats every {@link HEARTBEAT_MS}; when work is waiting and no beat
 * came for the budget, one statement has held the database that long. The worker is then stopped and
 * started again on the same data directory (PostgreSQL's crash recovery, as after kill -9: committed
 * work stays, the open transaction is gone), and the waiting requests fail with `57014`
 * (query_canceled), which the server answers as 503. An in-memory database has nothing to restart
 * from, so it gets no budget.
 */
import { Worker } from 'node:worker_threads';
import type { PgliteDatabase } from './database';
import type { QueryResult, Queryable } from './database';
import { dbError, HEARTBEAT_MS, type DbErrorFields, type WorkerReply, type WorkerRequest } from './pglite-protocol';

const WORKER_URL = new URL('./pglite-worker.ts', import.meta.url);
const WORKER_BOOTSTRAP = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;

/** PostgreSQL's query_canceled: what a statement stopped by a timeout fails with. */
export const QUERY_CANCELED = '57014';

type Outgoing = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

class Thread {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  lastSignOfLife = Date.now();
  started = false;
  dead: DbErrorFields | null = null;
  private nextId = 1;

  constructor(dataDir: string | undefined) {
    // From source the server is TypeScript run by tsx, whose loader a worker does not inherit: a small
    // JavaScript bootstrap registers it in the worker and then imports the worker module. The compiled
    // server (server/build.mjs) has the worker bundled beside main.js, and no tsx.
    this.worker =
      process.env.WINTOOK_SERVER_BUNDLE === '1'
        ? new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData: { dataDir } })
        : new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { dataDir } });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: WorkerReply) => {
        this.lastSignOfLife = Date.now();
        if ('heartbeat' in message) return;
        if ('ready' in message) {
          this.started = message.ready;
          if (message.ready) resolve();
          else reject(dbError(message.error));
          return;
        }
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        if (message.ok) waiting.resolve(message.result);
        else waiting.reject(dbError(message.error));
      });
      this.worker.on('error', (error) => {
        this.fail({ message: `database thread failed: ${error.message}` });
        reject(error);
      });
      this.worker.on('exit', () => this.fail({ message: 'database thread stopped' }));
    });
  }

  send(request: Outgoing): Promise<unknown> {
    if (this.dead) return Promise.reject(dbError(this.dead));
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  /** Rejects everything waiting, and everything sent from now on, with `reason`. */
  fail(reason: DbErrorFields): void {
    if (this.dead) return;
    this.dead = reason;
    for (const waiting of this.pending.values()) waiting.reject(dbError(reason));
    this.pending.clear();
  }
}

export interface ThreadedPglite extends PgliteDatabase {
  /** Stop and restart the database thread when one statement holds it this long; null turns the watchdog off. */
  setTimeBudget(ms: number | null): void;
  /** Called after a restart (the server logs it). */
  onRestart(listener: () => void): void;
}

export async function openPgliteThread(dataDir?: string): Promise<ThreadedPglite> {
  let thread = new Thread(dataDir);
  let current: Promise<Thread> = thread.ready.then(() => thread);
  await current;
  let budget: number | null = null;
  let closed = false;
  const listeners: (() => void)[] = [];

  const restart = (stuck: Thread) => {
    stuck.fail({ message: 'The database spent too long on one request; it was stopped and restarted', code: QUERY_CANCELED });
    void stuck.worker.terminate();
    thread = new Thread(dataDir);
    const next = thread;
    current = next.ready.then(() => next);
    // A thread that cannot start again fails the requests that wait for it (503s) rather than hanging them.
    current.catch(() => undefined);
    for (const listener of listeners) listener();
  };

  const watchdog = setInterval(() => {
    if (budget === null || dataDir === undefined || closed) return;
    if (thread.started && !thread.dead && thread.pending.size > 0 && Date.now() - thread.lastSignOfLife > budget) restart(thread);
  }, HEARTBEAT_MS);
  watchdog.unref();

  const call = async (request: Outgoing): Promise<unknown> => (await current).send(request);

  const queryable = (transaction?: number, on?: Thread): Queryable => {
    const send = (request: Outgoing) => (on ? on.send(request) : call(request));
    return {
      query: async <Row>(sql: string, params: readonly unknown[] = []) =>
        (await send({ op: 'query', sql, params: [...params], transaction })) as QueryResult<Row>,
      async exec(sql: string) {
        await send({ op: 'exec', sql, transaction });
      },
    };
  };

  return {
    kind: 'pglite',
    ...queryable(),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      // The whole transaction stays on the thread it began on: after a restart its id means nothing.
      const on = await current;
      const id = (await on.send({ op: 'begin' })) as number;
      let result: T;
      try {
        result = await work(queryable(id, on));
      } catch (error) {
        await on.send({ op: 'end', transaction: id, commit: false }).catch(() => undefined);
        throw error;
      }
      await on.send({ op: 'end', transaction: id, commit: true });
      return result;
    },
    async close() {
      closed = true;
      clearInterval(watchdog);
      const last = await current.catch(() => null);
      if (!last) return;
      await last.send({ op: 'close' }).catch(() => undefined);
      await last.worker.terminate();
    },
    async dump() {
      const bytes = (await call({ op: 'dump' })) as Uint8Array<ArrayBuffer>;
      return new Blob([bytes]);
    },
    setTimeBudget(ms) {
      budget = ms;
    },
    onRestart(listener) {
      listeners.push(listener);
    },
  };
}
