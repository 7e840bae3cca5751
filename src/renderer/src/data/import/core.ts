import { CHANGES_CHANNEL_NAME, type ChangeEvent } from '../store/change-bus';
import type { ImportCore } from '../store/import-repository';
import { createRepositoryCore } from '../store/repository';
import type { WintookDb } from '../store/schema';

/** Records per message on the changes channel. */
export const EVENT_SLICE = 250;

/**
 * The repository core inside the import worker: the worker has its own IndexedDB connection, and
 * announces each committed batch on the channel every window's change bus listens to (the bus
 * delivers messages from any other source, this window's included). So the index and the grid
 * learn about imported contacts exactly as they learn about another window's writes, after commit.
 */
export function createWorkerCore(db: WintookDb, channelName: string | null = CHANGES_CHANNEL_NAME): ImportCore & { close(): void } {
  const source = `import-worker-${crypto.randomUUID()}`;
  const channel = channelName !== null && typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : null;
  const publish = (events: readonly ChangeEvent[]) => {
    if (!channel) return;
    for (const event of events) {
      // In slices: each message is decoded (structured clone) in one task of every window's main
      // thread, and a whole 2,000-contact batch made one of the import's longest tasks there.
      for (let from = 0; from < event.put.length || from === 0; from += EVENT_SLICE) {
        const put = event.put.slice(from, from + EVENT_SLICE);
        const deleted = from === 0 ? event.deleted : [];
        if (put.length + deleted.length > 0) channel.postMessage({ source, event: { ...event, put, deleted } as ChangeEvent });
      }
    }
  };
  return { ...createRepositoryCore(db, publish), db, close: () => channel?.close() };
}
