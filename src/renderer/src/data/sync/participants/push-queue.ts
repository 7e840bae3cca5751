import type { OutboxEntry } from '../../../../../shared/records';
import type { SyncFailure } from '../../../../../shared/sync/errors';
import { coalesceOutbox, type CoalescedOp } from '../../../../../shared/sync/outbox';
import type { SyncRepository } from '../../store/sync-repository';
import type { RecordEntity } from './records-wire';

/** What a push of one coalesced change came to: done, a failure, or "not yet" (e.g. its contact is not on the server). */
export type PushOutcome = SyncFailure | null | 'wait';

export interface PushOpContext {
  entries: OutboxEntry[];
  op: CoalescedOp;
  /** The idempotency key of the op's first row: the same on every replay of the same rows. */
  key: string;
  /** The rows were sent before and no answer is known (a lost answer, a restart). */
  unknownOutcome: boolean;
}

/**
 * The contact engine's push discipline for one entity's outbox rows (docs/sync.md "Push"): per
 * record in `seq` order; rows already `in-flight` are sent again as the same set with the same key,
 * then `pending` rows are marked `in-flight` and sent, coalesced; a refused change (4xx) marks its
 * rows `rejected` and holds that record only; a 5xx holds it until the next run. Returns the first
 * failure that should make the run retry later.
 */
export async function pushEntity(
  sync: SyncRepository,
  entity: RecordEntity,
  ready: (entries: OutboxEntry[]) => Promise<boolean>,
  pushOp: (context: PushOpContext) => Promise<PushOutcome>,
): Promise<SyncFailure | null> {
  let deferred: SyncFailure | null = null;
  for (const entries of await sync.records.sendable(entity)) {
    if (!(await ready(entries))) continue;
    const inFlight = entries.filter((e) => e.state === 'in-flight');
    const pending = entries.filter((e) => e.state === 'pending');
    groups: for (const [batch, unknownOutcome] of [[inFlight, true], [pending, false]] as const) {
      if (batch.length === 0) continue;
      if (!unknownOutcome) await sync.markInFlight(batch.map((e) => e.seq));
      for (const op of coalesceOutbox(batch)) {
        const first = Math.min(...op.seqs);
        const key = batch.find((e) => e.seq === first)!.idempotencyKey;
        const outcome = await pushOp({ entries: batch, op, key, unknownOutcome });
        if (outcome === null) continue;
        if (outcome === 'wait') break groups;
        if (outcome.kind === 'rejected') await sync.reject(op.seqs, outcome.message);
        else {
          await sync.setError(op.seqs, outcome.message);
          deferred ??= outcome;
        }
        break groups;
      }
    }
  }
  return deferred;
}

export function retryLater(message: string): SyncFailure {
  return { kind: 'retry', status: 0, retryAfterMs: null, message };
}
