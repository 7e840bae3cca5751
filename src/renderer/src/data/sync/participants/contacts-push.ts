import { recordIdOf } from '../../../../../shared/sync/outbox';
import type { OutboxEntry } from '../../../../../shared/records';
import type { SyncFailure } from '../../../../../shared/sync/errors';
import { coalesceOutbox, type CoalescedOp } from '../../../../../shared/sync/outbox';
import type { ContactsRun, OpKey } from './contacts-requests';
import { pushCreate, pushUpdate } from './contacts-write';

/**
 * Records pushed at once (notes §1.4: "at most N=4 entities in flight"). Measured with
 * `npm run bench -- sync`: 1,000 edits took 13.4 s one at a time on this machine.
 */
export const PUSH_CONCURRENCY = 4;

/**
 * The contacts' outbox, a few records in flight at once (one record's rows stay in order in one
 * worker). Returns the last failure that should make the run retry later; a `SyncStop` from one
 * record stops the others and is thrown once they have settled.
 */
export async function pushContacts(run: ContactsRun): Promise<SyncFailure | null> {
  // Compact rows (a bulk label change, an import batch) become per-record rows first.
  await run.sync.expandBulk();
  const groups = await run.sync.sendableContactEntries();
  let deferred: SyncFailure | null = null;
  let next = 0;
  let stop: unknown = null;
  const worker = async () => {
    while (next < groups.length && stop === null) {
      const group = groups[next++];
      if (!group) break;
      try {
        deferred = (await pushRecord(run, group)) ?? deferred;
      } catch (error) {
        stop = error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PUSH_CONCURRENCY, groups.length) }, worker));
  if (stop !== null) throw stop;
  return deferred;
}

/**
 * One record's rows: those `in-flight` again as the same set under the same keys, then the
 * `pending` ones, coalesced. A refusal holds this record; a 5xx holds it until the next run
 * (returned: the others may still go).
 */
async function pushRecord(run: ContactsRun, entries: OutboxEntry[]): Promise<SyncFailure | null> {
  const { sync, ctx } = run;
  const contactId = recordIdOf(entries);
  const inFlight = entries.filter((e) => e.state === 'in-flight');
  const pending = entries.filter((e) => e.state === 'pending');
  for (const [batch, unknownOutcome] of [
    [inFlight, true],
    [pending, false],
  ] as const) {
    if (batch.length === 0) continue;
    if (!unknownOutcome) await sync.markInFlight(batch.map((e) => e.seq));
    for (const op of coalesceOutbox(batch)) {
      const first = Math.min(...op.seqs);
      const key: OpKey = { owner: first, key: batch.find((e) => e.seq === first)!.idempotencyKey };
      const failure = await pushOp(run, contactId, op, key, unknownOutcome);
      if (failure === null) {
        ctx.countPushed(op.seqs.length);
        continue;
      }
      if (failure.kind === 'rejected') {
        await sync.reject(op.seqs, failure.message);
        return null;
      }
      await sync.setError(op.seqs, failure.message);
      return failure;
    }
  }
  return null;
}

async function pushOp(
  run: ContactsRun,
  contactId: string,
  op: CoalescedOp,
  key: OpKey,
  unknownOutcome: boolean,
): Promise<SyncFailure | null> {
  switch (op.op) {
    case 'none':
      await run.sync.ackRows(op.seqs);
      return null;
    case 'delete':
      return pushDelete(run, contactId, op.seqs, op.baseValues, key);
    case 'create':
      return pushCreate(run, contactId, op.seqs, op.fields, key, unknownOutcome);
    case 'update':
      return pushUpdate(
        run,
        contactId,
        op.seqs,
        Object.keys(op.changes),
        key,
        unknownOutcome,
        unknownOutcome ? op.changes : null,
      );
  }
}

async function pushDelete(
  run: ContactsRun,
  contactId: string,
  seqs: number[],
  baseValues: Record<string, unknown>,
  key: OpKey,
): Promise<SyncFailure | null> {
  const { sync, ctx } = run;
  let serverId = baseValues.serverId;
  if (typeof serverId !== 'number') {
    // Rows written before the create was acknowledged: the ack filled in the others' ids.
    const rows = await sync.entriesOf(contactId);
    serverId = rows.find((r) => seqs.includes(r.seq))?.baseValues.serverId;
  }
  if (typeof serverId !== 'number') {
    await sync.ackRows(seqs);
    return null;
  }
  const { failure } = await ctx.call({
    method: 'DELETE',
    path: `contacts/${serverId}`,
    idempotencyKey: ctx.mode === 'extension' ? key.key : undefined,
  });
  if (failure && failure.kind !== 'not-found') return failure;
  await sync.ackRows(seqs);
  return null;
}
