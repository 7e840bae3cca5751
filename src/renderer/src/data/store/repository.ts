import type { z } from 'zod';
import type { AttributeDefinition, Segment } from '../../../../shared/records';
import { createChangeBus, type ChangeBusOptions, type ChangeListener } from './change-bus';
import { createContactsRepository, type ContactsRepository } from './contacts-repository';
import { createLabelsRepository, type LabelsRepository } from './labels-repository';
import { createMessagesRepository, type MessagesRepository } from './messages-repository';
import { createNotesRepository, type NotesRepository } from './notes-repository';
import { createSyncRepository, type SyncRepository } from './sync-repository';
import { BULK_OUTBOX_MIN_CONTACTS } from './outbox-expansion';
import { labelOpsGate } from './label-ops';
import { createRecordRepository, createRepositoryCore, type RecordRepository } from './records-repository';
import type { WintookDb } from './schema';
import { createQuarantineRepository, type QuarantineRepository } from './quarantine';

export type { ChangeEvent, ChangeListener, ChangeOrigin } from './change-bus';
export { createRepositoryCore, type RepositoryCore, type RepositoryCoreOptions } from './records-repository';
export { DEFAULT_BULK_BATCH_SIZE, type BulkCreateOptions, type ContactsRepository } from './contacts-repository';
export { type LabelsRepository, type NewLabel } from './labels-repository';
export { RepositoryError, type RepositoryErrorCode } from './repository-error';

/** Settings live in `syncState` under this prefix; the rest of that table is sync's. */
export const SETTING_KEY_PREFIX = 'setting:';

export interface RepositoryOptions extends ChangeBusOptions {
  now?: () => number;
  /** Record ids and idempotency keys. */
  newId?: () => string;
  /**
   * From how many contacts a label change writes one compact outbox row (outbox-expansion.ts) and
   * one pending label op instead of a put per contact (label-ops.ts).
   */
  bulkOutboxMinContacts?: number;
  /** Contacts per label-op fold transaction (label-ops.ts DEFAULT_FOLD_CHUNK); for tests. */
  labelFoldChunk?: number;
}

export interface Repository {
  contacts: ContactsRepository;
  labels: LabelsRepository;
  settings: {
    /** The stored value if it passes `schema`; undefined when absent or corrupt (never throws for that). */
    get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
    set(key: string, value: unknown): Promise<void>;
    remove(key: string): Promise<void>;
  };
  attributeDefinitions: RecordRepository<AttributeDefinition>;
  segments: RecordRepository<Segment>;
  notes: NotesRepository;
  /** Inboxes, a contact's conversations and queued messages (issue 9, docs/messages.md). */
  messages: MessagesRepository;
  /** What the sync engine reads and writes (server pages, cursors, conflicts, outbox bookkeeping). */
  sync: SyncRepository;
  /** Records set aside because the app cannot read them (issue 17). */
  quarantine: QuarantineRepository;
  changes: {
    subscribe(listener: ChangeListener): () => void;
  };
  /** Stops cross-window delivery and drops listeners; the database stays open (its owner closes it). */
  close(): void;
}

/**
 * The one layer every local write goes through. Each write puts the record and its outbox entry in
 * the same `rw` transaction, so a change cannot escape sync and an aborted write leaves nothing.
 * Change events are published only once that transaction has committed.
 *
 * Origin `sync` means "this is the server's data": it is stored and announced but not outboxed,
 * or it would be sent straight back. Every other origin (local, import, seed) is outboxed.
 */
export function createRepository(db: WintookDb, options: RepositoryOptions = {}): Repository {
  const bus = createChangeBus(options);
  const core = createRepositoryCore(db, (events) => bus.publish(events), options);
  const gate = labelOpsGate(db);
  // A fold that finds a row written since its op by a writer that did not wait for it (another
  // window, the import worker) announces the merged result, so the index shows it.
  const stopRewritten = gate.onRewritten((rewritten) => bus.publish([{ entity: 'contact', put: rewritten, deleted: [], origin: 'local' }]));

  /**
   * UI preferences (column layout, locale, last segment…) are per machine: they are not part of
   * the help desk's data, Chatwoot has nowhere to keep them, and two agents sharing a server must
   * not overwrite each other's layout. So they are written directly, without an outbox row.
   */
  const settings: Repository['settings'] = {
    async get<T>(key: string, schema: z.ZodType<T>) {
      const row = await db.syncState.get(SETTING_KEY_PREFIX + key);
      if (!row) return undefined;
      const parsed = schema.safeParse(row.value);
      return parsed.success ? parsed.data : undefined;
    },
    async set(key, value) {
      await db.syncState.put({ key: SETTING_KEY_PREFIX + key, value });
    },
    async remove(key) {
      await db.syncState.delete(SETTING_KEY_PREFIX + key);
    },
  };

  const context = { db, core, bulkOutboxMin: options.bulkOutboxMinContacts ?? BULK_OUTBOX_MIN_CONTACTS };
  return {
    contacts: createContactsRepository(context),
    labels: createLabelsRepository(context),
    attributeDefinitions: createRecordRepository(core, db.attributeDefinitions, 'attributeDefinition'),
    segments: createRecordRepository(core, db.segments, 'segment'),
    notes: createNotesRepository(core, db.notes),
    messages: createMessagesRepository(db, core),
    sync: createSyncRepository(db, core),
    quarantine: createQuarantineRepository(db, core.now),
    settings,
    changes: { subscribe: (listener) => bus.subscribe(listener) },
    close: () => {
      stopRewritten();
      bus.close();
    },
  };
}
