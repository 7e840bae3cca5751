import { z } from 'zod';
import type { SyncRepository } from '../store/sync-repository';
import { STATE_KEYS, SyncStop, type FeedChange, type SyncContext, type SyncParticipant } from './participant';
import { retryLater } from './participants/push-queue';

const changesPageSchema = z.object({
  changes: z.array(
    z.object({
      seq: z.number(),
      entity: z.string(),
      id: z.number().int(),
      op: z.enum(['upsert', 'delete']),
      version: z.number().nullable().optional(),
      data: z.unknown(),
    }),
  ),
  cursor: z.string(),
  has_more: z.boolean(),
});

export interface FeedDeps {
  sync: SyncRepository;
  participants: readonly SyncParticipant[];
  pageSize: number;
}

/**
 * Extension mode: reads the change feed from the stored cursor to its end, each page's changes to
 * the participants that own their entities. A failure ends the run.
 */
export async function pullFeed(deps: FeedDeps, ctx: SyncContext): Promise<void> {
  const { sync, participants } = deps;
  let cursor = (await sync.getState<string>(STATE_KEYS.cursor)) ?? '';
  const total = cursor === '' ? await firstReadTotal(participants, ctx) : null;
  let done = 0;
  let resets = 0;
  const fetchPage = (since: string) => {
    const answer = ctx.call({ method: 'GET', path: 'sync/changes', query: { since, limit: deps.pageSize } });
    // A page asked for ahead is dropped if the run stops first: its failure is not unhandled.
    answer.catch(() => undefined);
    return answer;
  };
  let pending = fetchPage(cursor);
  for (;;) {
    const { response, failure } = await pending;
    if (failure && response.status === 410 && resets === 0) {
      // The server was reset under us: start over from its beginning.
      resets += 1;
      cursor = '';
      pending = fetchPage(cursor);
      continue;
    }
    if (failure) throw new SyncStop(failure);
    const parsed = changesPageSchema.safeParse(response.body);
    if (!parsed.success) throw new SyncStop(retryLater('The change feed answered something unexpected'));
    // The next page is asked for now, while this one is applied: the server's time and ours
    // overlap (a first sync of 100k contacts spent a third of its time waiting for pages). The
    // feed is read by cursor, so what the next page holds does not depend on this one's writes.
    if (parsed.data.has_more) pending = fetchPage(parsed.data.cursor);
    const applied = await applyPage(
      sync,
      byOwner(participants, parsed.data.changes),
      parsed.data.cursor,
      ctx,
    );
    done += applied.progress;
    ctx.countPulled(applied.pulled);
    cursor = parsed.data.cursor;
    ctx.progress(done, total === null ? null : Math.max(total, done));
    if (!parsed.data.has_more) return;
  }
}

/** The progress total of a feed read from its beginning: what the participants expect, when any says. */
async function firstReadTotal(
  participants: readonly SyncParticipant[],
  ctx: SyncContext,
): Promise<number | null> {
  let total: number | null = null;
  for (const participant of participants) {
    const expected = await participant.feedTotal?.(ctx);
    if (expected !== undefined && expected !== null) total = (total ?? 0) + expected;
  }
  return total;
}

/** The page's changes by the participant that owns their entity, in the participants' order; changes nobody owns are dropped. */
function byOwner(
  participants: readonly SyncParticipant[],
  changes: readonly FeedChange[],
): [SyncParticipant, FeedChange[]][] {
  const owned = new Map<SyncParticipant, FeedChange[]>();
  for (const change of changes) {
    const owner = participants.find((p) => p.applyFeed && p.feedEntities?.includes(change.entity));
    if (!owner) continue;
    const list = owned.get(owner);
    if (list) list.push(change);
    else owned.set(owner, [change]);
  }
  return participants.flatMap((p) => {
    const list = owned.get(p);
    return list ? [[p, list] as [SyncParticipant, FeedChange[]]] : [];
  });
}

/**
 * The whole page and its cursor in one transaction: the participants in their order (contacts
 * first: a note needs its contact), then the cursor. A crash leaves all of it or none.
 */
async function applyPage(
  sync: SyncRepository,
  owned: [SyncParticipant, FeedChange[]][],
  cursor: string,
  ctx: SyncContext,
): Promise<{ pulled: number; progress: number }> {
  const applied = { pulled: 0, progress: 0 };
  await sync.atomically(async () => {
    for (const [participant, changes] of owned) {
      const result = await participant.applyFeed?.(changes, ctx);
      applied.pulled += result?.pulled ?? 0;
      applied.progress += result?.progress ?? 0;
    }
    await sync.setState(STATE_KEYS.cursor, cursor);
  });
  return applied;
}
