/**
 * PGlite in a worker thread (started by `openPgliteWorker` in pglite-thread.ts). PGlite runs
 * PostgreSQL synchronously on the thread that calls it, so a slow statement on the server's own thread
 * stopped every request, `/health` included (issue 17). Here it stops only this thread; the server
 * answers, and the watchdog on the other side restarts this thread when its heartbeat stops.
 *
 * Messages in: `{id, op, …}` (see `WorkerRequest`); out: `{id, ok, result | error}` and heartbeats.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { HEARTBEAT_MS, INT8_OID, serializeDbError, type WorkerReply, type WorkerRequest } from './pglite-protocol';

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs as a worker thread');

const { dataDir } = workerData as { dataDir: string | undefined };
const lite = new PGlite(dataDir, { parsers: { [INT8_OID]: (value: string) => Number(value) } });

interface OpenTransaction {
  tx: Transaction;
  finish(commit: boolean): void;
  done: Promise<void>;
}
const transactions = new Map<number, OpenTransaction>();
let nextTransaction = 1;

/** Rolls back on purpose: thrown inside `lite.transaction` and caught outside it. */
class Rollback extends Error {}

function begin(): Promise<number> {
  const id = nextTransaction;
  nextTransaction += 1;
  return new Promise((resolveStarted, rejectStarted) => {
    let finish: (commit: boolean) => void = () => undefined;
    const decided = new Promise<boolean>((resolve) => {
      finish = resolve;
    });
    const done = lite
      .transaction(async (tx) => {
        transactions.set(id, { tx, finish, done });
        resolveStarted(id);
        if (!(await decided)) throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      })
      .finally(() => transactions.delete(id));
    // A failure before the callback ran (the BEGIN itself) rejects the start.
    done.catch(rejectStarted);
  });
}

function target(transaction: number | undefined): Pick<PGlite, 'query' | 'exec'> {
  if (transaction === undefined) return lite;
  const open = transactions.get(transaction);
  if (!open) throw Object.assign(new Error('transaction is no longer open'), { code: '25P01' });
  return open.tx;
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const result = await target(request.transaction).query(request.sql, request.params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    }
    case 'exec':
      await target(request.transaction).exec(request.sql);
      return null;
    case 'begin':
      return begin();
    case 'end': {
      const open = transactions.get(request.transaction);
      if (!open) throw Object.assign(new Error('transaction is no longer open'), { code: '25P01' });
      open.finish(request.commit);
      await open.done;
      return null;
    }
    case 'dump': {
      const dump = await lite.dumpDataDir('none');
      return new Uint8Array(await dump.arrayBuffer());
    }
    case 'close':
      await lite.close();
      return null;
  }
}

const reply = (message: WorkerReply) => port.postMessage(message);

setInterval(() => reply({ heartbeat: true }), HEARTBEAT_MS).unref();

port.on('message', (request: WorkerRequest) => {
  lite.waitReady
    .then(() => handle(request))
    .then(
      (result) => reply({ id: request.id, ok: true, result }),
      (error: unknown) => reply({ id: request.id, ok: false, error: serializeDbError(error) }),
    );
});

lite.waitReady.then(
  () => reply({ ready: true }),
  (error: unknown) => reply({ ready: false, error: serializeDbError(error) }),
);
