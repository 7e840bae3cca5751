/// <reference lib="webworker" />
/**
 * The sync worker (issue 8; docs/sync.md "The engine in a worker"): the engine, its participants
 * and its own IndexedDB connection run here, so a page of the feed is parsed, merged and written
 * off the main thread. What it writes is announced on the change channel every window listens to
 * (as the import worker's writes are), so the window's contact index updates from those events.
 * Server requests go through the window (data/sync/worker-client.ts): the token stays with the host.
 * One worker per window, started when a server is first connected, for the window's lifetime.
 */
import { CHANGES_CHANNEL_NAME, postChange, type ChangeEvent } from '../store/change-bus';
import { foldLabelOps } from '../store/label-ops';
import { createRepository } from '../store/repository';
import { openDb } from '../store/schema';
import { createSyncEngine } from './engine';
import { createSyncParticipants } from './participants/index';
import { serveSyncEngine, withLabelOpsSettled } from './worker-core';
import type { MessageEndpoint } from './worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

// Messages that arrive while the database opens wait here, in order.
const early: MessageEvent[] = [];
self.onmessage = (event) => early.push(event);

async function main(): Promise<void> {
  const db = await openDb();
  const channel = new BroadcastChannel(CHANGES_CHANNEL_NAME);
  const source = `sync-worker-${crypto.randomUUID()}`;
  const announce = (event: ChangeEvent) => postChange(channel, source, event);
  // No channel of its own: the repository's events are forwarded in slices by `announce`.
  const repository = createRepository(db, { channelName: null });
  repository.changes.subscribe(announce);

  const settle = async () => {
    if ((await db.labelOps.count()) === 0) return;
    // Folding here too is safe (label-ops.ts: any number of folders, each op applied to the row as
    // it is then); the window's fold may finish first, and then this one finds nothing to do.
    await foldLabelOps(db, { onRewritten: (contacts) => announce({ entity: 'contact', put: contacts, deleted: [], origin: 'local' }) });
  };
  let watched: string[] = [];
  const endpoint: MessageEndpoint = self;
  const sync = withLabelOpsSettled(repository.sync, settle);
  const served = serveSyncEngine(
    endpoint,
    (transport) =>
      createSyncEngine({
        sync,
        transport,
        participants: createSyncParticipants(db, repository, { watchedContacts: () => watched, sync }),
      }),
    { onWatched: (contactIds) => (watched = contactIds) },
  );
  repository.messages.subscribe((contactIds) => served.messagesChanged(contactIds));
  for (const event of early.splice(0)) endpoint.onmessage?.(event);
}

void main().catch((error: unknown) => {
  // Nothing can sync without the database. Thrown from a task (not left as a rejection) so that it
  // reaches the window's `worker.onerror` before any message: the footer shows sync as stopped.
  setTimeout(() => {
    throw error instanceof Error ? error : new Error(String(error));
  });
});
