import type { Table } from 'dexie';
import type { NewOutboxEntry, OutboxEntity, OutboxOp } from '../../../shared/records';
import { CHANGES_CHANNEL_NAME, type ChangeEvent } from '../db/change-bus';
import type { ImportCore } from '../db/import-repository';
import type { WintookDb } from '../db/schema';

/**
 * The repository core inside the import worker: the worker has its own IndexedDB connection, and
 * announces each committed batch on the channel every window's change bus listens to (the bus
 * delivers messages from any other source, this window's included). So the index and the grid
 * learn about imported contacts exactly as they learn about another window's writes, after commit.
 */
export function createWorkerCore(db: WintookDb, channelName: string | null = CHANGES_CHANNEL_NAME): ImportCore & { close(): void } {
  const source = `import-worker-${crypto.randomUUID()}`;
  const channel = channelName !== null && typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : null;
  const now = () => Date.now();
  const newId = () => crypto.randomUUID();
  return {
    db,
    now,
    newId,
    write<T>(tables: Table[], body: (events: ChangeEvent[]) => Promise<T>): Promise<T> {
      return db.transaction('rw', tables, async (tx) => {
        const events: ChangeEvent[] = [];
        const result = await body(events);
        if (events.length > 0 && channel) {
          tx.idbtrans.addEventListener(
            'complete',
            () => {
              for (const event of events) channel.postMessage({ source, event });
            },
            { once: true },
          );
        }
        return result;
      });
    },
    outboxEntry(entity: OutboxEntity, entityId: string, op: OutboxOp, changes: Record<string, unknown>, baseValues: Record<string, unknown>): NewOutboxEntry {
      return { entity, entityId, op, changes, baseValues, idempotencyKey: newId(), attempts: 0, state: 'pending', lastError: null, createdAt: now() };
    },
    outboxes: (origin) => origin !== 'sync',
    close: () => channel?.close(),
  };
}
