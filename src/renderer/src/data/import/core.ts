import { CHANGES_CHANNEL_NAME, postChange, type ChangeEvent } from '../store/change-bus';
import type { ImportCore } from '../store/import-repository';
import { createRepositoryCore } from '../store/repository';
import type { WintookDb } from '../store/schema';

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
    for (const event of events) postChange(channel, source, event);
  };
  return { ...createRepositoryCore(db, publish), db, close: () => channel?.close() };
}
