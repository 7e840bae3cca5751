/**
 * The import worker's batch writer: batch n+1 is prepared (its CPU work done) while batch n is
 * being written, and the transactions still run strictly one after the other, in order. A write
 * that fails stops every later one, so the committed batches are always the first n of the file —
 * the guarantee the import's cancel, crash and report rely on.
 */
export interface BatchQueue<Rows> {
  /**
   * Prepares `rows` now and queues their write behind the batch being written; resolves once that
   * earlier batch has committed (so at most one batch waits), rejects if it or any before it failed.
   */
  commit(rows: Rows): Promise<void>;
  /** Resolves when every queued batch has committed; rejects with the first failure. */
  drain(): Promise<void>;
}

export function createBatchQueue<Rows, Prepared>(
  prepare: (rows: Rows) => Prepared,
  write: (prepared: Prepared, segment: number) => Promise<unknown>,
): BatchQueue<Rows> {
  let segment = 0;
  let written: Promise<unknown> = Promise.resolve();
  return {
    async commit(rows) {
      const prepared = prepare(rows);
      const before = written;
      const n = ++segment;
      written = before.then(() => write(prepared, n));
      // Marked handled here: whoever awaits it next (the next commit or drain) gets the failure.
      written.catch(() => undefined);
      await before;
    },
    async drain() {
      await written;
    },
  };
}
