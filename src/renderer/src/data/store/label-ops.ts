/**
 * Bulk label changes without a put per contact in the user's transaction (issue 3: "Add label" on
 * 10,000 contacts in under a second). IndexedDB costs per request here (10k contact puts took
 * 0.85–2.2 s whatever their size, docs/benchmarks.md "Write path"), so `changeLabels` and
 * `labels.rename` on many contacts write ONE `labelOps` row (the ids and the change) beside the
 * compact outbox row, and announce the updated contacts at once; the contact rows themselves are
 * written afterwards by `foldLabelOps`, 2,000 per transaction.
 *
 * The barrier: until an op is folded its contacts' rows are stale, so every repository read or
 * write of contacts first passes the gate of its database (`labelOpsGate(db)`), which holds it until
 * no op is pending. When nothing is pending (the usual case) the check is an in-memory flag and the
 * caller's transaction starts in the same tick; IndexedDB runs transactions over the same table in
 * the order they were created, so a write that passed the gate always runs before a later op, and
 * one that arrives after an op has started waits for its fold. The one reader that skips the gate
 * is the in-memory contact index: it has the new labels from the op's change event (and at start-up
 * data/store/early-read.ts applies pending ops to the rows it loads).
 *
 * The gate is per JavaScript context: another window or the import worker has its own, which checks
 * the table when first used but does not hear of ops written later elsewhere. The fold is safe
 * against such writers anyway: it applies the op's change (add/remove/rename) to the row as it is
 * when folded, never a stored "after" value, so it cannot undo their edits; and a row written since
 * the op (updatedAt ≥ the op's) is announced again once folded, so the index shows the merged labels.
 */
import type { Dexie, Table } from 'dexie';
import type { Contact } from '../../../../shared/contact';
import { foldedContact, isLabelOp, type LabelOp, type NewLabelOp } from './label-change';
import type { WintookDb } from './schema';

export { applyLabelChange, applyPendingLabelOps, type LabelChange, type LabelOp } from './label-change';

/**
 * Contact rows per fold transaction. Every contact write waits for the whole fold anyway, so this
 * only bounds a transaction (and what a crash loses); fewer transactions also rewrite the op row
 * (its `folded` counter) less often. 10k demo contacts, load ~8: fold done 2.7–2.9 s after the
 * click with 2,000, 3.1–3.4 s with 500.
 */
export const DEFAULT_FOLD_CHUNK = 2000;
/** After a failed fold (not a closed database), the next attempt. */
const FOLD_RETRY_MS = 2000;

// Rows as read: `isLabelOp` tells a valid op from one left for a person to look at.
const opsTable = (db: WintookDb) => db.labelOps as Table<unknown, number>;

/** Stores an op; call it inside the write's transaction (over `labelOps`). Returns its seq. */
export async function addLabelOp(db: WintookDb, op: NewLabelOp): Promise<number> {
  return (await opsTable(db).add({ ...op, folded: 0 }));
}

export interface FoldResult {
  /** Contact rows written by this call. */
  written: number;
  /** Ops finished (and deleted) by this call. */
  finished: number;
  /** Seqs of rows that are not valid ops: left in place, for a person to look at. */
  corrupt: number[];
}

export interface FoldOptions {
  chunk?: number;
  /**
   * Contacts written since their op by a writer that did not wait for the fold (another window,
   * the import worker), as folded: the index has that writer's labels, not the op's. Called after
   * each chunk commits.
   */
  onRewritten?: (contacts: Contact[]) => void;
}

/**
 * Writes every pending op into its contacts' rows, oldest op first, `chunk` contacts per
 * transaction, each advancing the op's `folded` counter (deleting the op when done). Safe to run
 * from several places at once and again after a crash: each transaction re-reads the counter, and
 * applying a change twice gives the same labels. Contacts deleted since are skipped.
 */
export async function foldLabelOps(db: WintookDb, options: FoldOptions = {}): Promise<FoldResult> {
  const chunk = options.chunk ?? DEFAULT_FOLD_CHUNK;
  if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`chunk must be a positive integer, got ${chunk}`);
  const ops = opsTable(db);
  const result: FoldResult = { written: 0, finished: 0, corrupt: [] };
  let after = -Infinity;
  for (;;) {
    const step = await db.transaction('rw', db.contacts, db.labelOps, async () => {
      const raw = await ops.where(':id').above(after).first();
      if (raw === undefined) return null;
      const seq = (raw as { seq: number }).seq;
      if (!isLabelOp(raw)) return { seq, corrupt: true, written: 0, finished: false, rewritten: [] };
      const to = Math.min(raw.folded + chunk, raw.ids.length);
      const rows = await db.contacts.bulkGet(raw.ids.slice(raw.folded, to));
      const puts: Contact[] = [];
      const rewritten: Contact[] = [];
      for (const row of rows) {
        if (!row) continue;
        const next = foldedContact(row, raw);
        if (next === row) continue;
        puts.push(next);
        if (row.updatedAt >= raw.at) rewritten.push(next);
      }
      if (puts.length > 0) await db.contacts.bulkPut(puts);
      const finished = to === raw.ids.length;
      if (finished) await ops.delete(seq);
      else await ops.put({ ...raw, folded: to } satisfies LabelOp);
      return { seq, corrupt: false, written: puts.length, finished, rewritten };
    });
    if (step === null) return result;
    result.written += step.written;
    if (step.rewritten.length > 0) options.onRewritten?.(step.rewritten);
    if (step.corrupt) {
      result.corrupt.push(step.seq);
      after = step.seq;
    } else if (step.finished) result.finished += 1;
  }
}

export interface LabelOpsGate {
  /**
   * Null when no op is pending or being written: start the transaction in this same tick. Else a
   * promise that resolves once they are folded (ask again then: another op may have started).
   */
  pending(): Promise<void> | null;
  /** Resolves once no op is pending (at once, after one microtask, when none is). */
  settled(): Promise<void>;
  /** Calls `start` (which must create its transaction synchronously, e.g. `db.transaction(…)`) once nothing is pending. */
  run<T>(start: () => Promise<T>): Promise<T>;
  /**
   * For a write that may store an op: waits like `run`, then marks an op in flight from the moment
   * `start` is called (so later callers wait), and folds once it has settled.
   */
  runOp<T>(start: () => Promise<T>): Promise<T>;
  /** Checks the table once (a count) and folds what a previous session left; for start-up. */
  check(): void;
  /** `listener` gets the contacts a fold rewrote (see FoldOptions.onRewritten); returns unsubscribe. */
  onRewritten(listener: (contacts: Contact[]) => void): () => void;
}

const gates = new WeakMap<WintookDb, LabelOpsGate>();

/** The one gate of this database connection in this JavaScript context. */
export function labelOpsGate(db: WintookDb, options: { chunk?: number | undefined; onError?: (error: unknown) => void } = {}): LabelOpsGate {
  let gate = gates.get(db);
  if (!gate) {
    gate = createGate(db, options.chunk ?? DEFAULT_FOLD_CHUNK, options.onError ?? defaultError);
    gates.set(db, gate);
  }
  return gate;
}

/** For code outside the repository that reads contact rows directly (e.g. the import worker's start). */
export function labelOpsSettled(db: WintookDb): Promise<void> {
  return labelOpsGate(db).settled();
}

function defaultError(error: unknown): void {
  if (typeof reportError === 'function') reportError(error);
}

function createGate(db: WintookDb, chunk: number, onError: (error: unknown) => void): LabelOpsGate {
  /** Whether the table has been looked at in this context (until then it may hold a crash's ops). */
  let known = false;
  let checking: Promise<void> | null = null;
  /** Op writes in flight. */
  let holds = 0;
  let folding: Promise<void> | null = null;
  let foldAgain = false;
  /** Non-null while anything is pending; resolved when that ends. */
  let waiter: { promise: Promise<void>; resolve: () => void } | null = null;
  const listeners = new Set<(contacts: Contact[]) => void>();

  const busy = () => !known || holds > 0 || folding !== null;

  function ensureWaiter(): Promise<void> {
    if (!waiter) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      waiter = { promise, resolve };
    }
    return waiter.promise;
  }

  function releaseIfIdle(): void {
    if (busy() || !waiter) return;
    const done = waiter;
    waiter = null;
    done.resolve();
  }

  function announce(contacts: Contact[]): void {
    for (const listener of [...listeners]) {
      try {
        listener(contacts);
      } catch (error) {
        onError(error);
      }
    }
  }

  function fold(): void {
    if (folding) {
      foldAgain = true;
      return;
    }
    foldAgain = false;
    ensureWaiter();
    folding = foldLabelOps(db, { chunk, onRewritten: announce })
      .then(
        () => undefined,
        (error: unknown) => {
          // A closed database (window closing, a test's reopen) has nothing left to fold here; the
          // next session folds at start-up. Anything else: let writers through, try again later.
          if (!db.isOpen()) return;
          onError(error);
          setTimeout(() => {
            if (db.isOpen()) fold();
          }, FOLD_RETRY_MS);
        },
      )
      .finally(() => {
        folding = null;
        known = true;
        // An op that committed while this pass ran may have been missed by it: fold again.
        if (foldAgain && db.isOpen()) fold();
        else releaseIfIdle();
      });
  }

  function check(): void {
    if (known || checking) return;
    ensureWaiter();
    checking = db.labelOps
      .count()
      .then(
        (count) => {
          known = true;
          if (count > 0) fold();
        },
        () => {
          // Unreadable (closed database): nothing can be folded here; let callers meet the real error.
          known = true;
        },
      )
      .finally(() => {
        checking = null;
        releaseIfIdle();
      });
  }

  function pending(): Promise<void> | null {
    if (!busy()) return null;
    if (!known) check();
    return ensureWaiter();
  }

  function run<T>(start: () => Promise<T>): Promise<T> {
    const wait = pending();
    return wait ? wait.then(() => run(start)) : start();
  }

  function runOp<T>(start: () => Promise<T>): Promise<T> {
    const wait = pending();
    if (wait) return wait.then(() => runOp(start));
    holds += 1;
    ensureWaiter();
    const done = () => {
      holds -= 1;
      fold();
    };
    let started: Promise<T>;
    try {
      started = start();
    } catch (error) {
      done();
      throw error;
    }
    return started.finally(done);
  }

  return {
    pending,
    settled: () => pending() ?? Promise.resolve(),
    run,
    runOp,
    check,
    onRewritten(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/**
 * True inside a Dexie transaction: the outer transaction's caller has passed the gate already.
 * (Dexie's static, reached through the database's class: a value import of 'dexie' here would load
 * it before a test's fake IndexedDB is installed, wherever this module is imported first.)
 */
export function inTransaction(db: WintookDb): boolean {
  const current = (db.constructor as unknown as Pick<typeof Dexie, 'currentTransaction'>).currentTransaction;
  return current !== null && current !== undefined;
}

/**
 * Runs `start` (a read or a transaction over contacts, created synchronously) once no label op is
 * pending; at once inside an outer transaction, whose caller has waited (waiting there would let
 * the outer transaction commit early).
 */
export function gated<T>(db: WintookDb, start: () => Promise<T>): Promise<T> {
  return inTransaction(db) ? start() : labelOpsGate(db).run(start);
}
