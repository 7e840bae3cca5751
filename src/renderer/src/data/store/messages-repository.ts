import type { Contact } from '../../../../shared/contact';
import type { CachedInbox, ContactInboxLink, ConversationRecord, OutgoingMessage } from '../../../../shared/messaging/records';
import type { ServerConversation } from '../../../../shared/messaging/wire';
import type { OutboxEntry } from '../../../../shared/records';
import type { ChangeEvent, ChangeOrigin } from './change-bus';
import type { RepositoryCore } from './records-repository';
import type { WintookDb } from './schema';

/**
 * New messages (issue 9): the cached inboxes, each contact's conversations, and the messages
 * started here. Sending writes the local conversation ("Waiting to send") and its outbox row
 * (entity `message`, op `create`, entityId = the conversation's id) in one transaction; the sync
 * participant (data/sync/participants/messages.ts) creates it on the server and acknowledges it here.
 *
 * Part of `createRepository` as `repository.messages`.
 */


/** Where a message started here stands. */
export type SendState = 'waiting' | 'sending' | 'rejected';

export interface ConversationView extends ConversationRecord {
  /** Null once the server has it. */
  sendState: SendState | null;
  /** The server's reason for a rejected message; the last error of one still waiting. */
  sendError: string | null;
  /** The outbox row, for Retry/Discard. */
  outboxSeq: number | null;
}

/** Cached per contact in `syncState`: how the contact is known in each inbox (HMAC on websites). */
const LINKS_KEY_PREFIX = 'messages:links:';

export interface MessagesRepository {
  inboxes(): Promise<CachedInbox[]>;
  /** The contact's conversations, newest activity first, with the send state of those started here. */
  conversationsOf(contactId: string): Promise<ConversationView[]>;
  linksOf(contactId: string): Promise<ContactInboxLink[]>;
  /** Queues a message: one transaction writes the conversation and its outbox row. */
  send(contactId: string, message: OutgoingMessage): Promise<ConversationRecord>;
  /** Called after every committed write of this repository, with the contacts concerned (null: the inboxes). */
  subscribe(listener: (contactIds: readonly string[] | null) => void): () => void;
  /**
   * Tells this repository's listeners about writes made by another JavaScript context on the same
   * database: the sync worker's participant (data/sync/worker-client.ts forwards them).
   */
  announce(contactIds: readonly string[] | null): void;

  // ----- for the sync participant
  replaceInboxes(inboxes: readonly CachedInbox[]): Promise<void>;
  setLinks(contactId: string, links: readonly ContactInboxLink[]): Promise<void>;
  /** The server's list of the contact's conversations replaces the cached ones; unsent ones stay. */
  applyServerConversations(contactId: string, list: readonly ServerConversation[]): Promise<void>;
  /** Outbox rows of messages, oldest first; `rejected` included only when asked. */
  entries(options?: { includeRejected?: boolean }): Promise<OutboxEntry[]>;
  markInFlight(seq: number): Promise<void>;
  setError(seq: number, message: string): Promise<void>;
  reject(seq: number, message: string): Promise<void>;
  /** The server created it: the record takes the server's id and state, the outbox row goes. */
  ackSent(seq: number, conversationId: string, server: ServerConversation): Promise<void>;
  /** Drops local conversations whose outbox row is gone without a server id (discarded in Sync problems). */
  dropOrphans(): Promise<number>;
  get(conversationId: string): Promise<ConversationRecord | undefined>;
}

export function createMessagesRepository(db: WintookDb, core: RepositoryCore): MessagesRepository {
  const conversations = db.conversations;
  const inboxTable = db.inboxes;
  const outbox = db.outbox;
  const contacts = db.contacts;
  const listeners = new Set<(contactIds: readonly string[] | null) => void>();
  const event = (put: ConversationRecord[], deleted: string[], origin: ChangeOrigin) =>
    ({ entity: 'conversation', put, deleted, origin }) satisfies ChangeEvent;

  function notify(contactIds: readonly string[] | null): void {
    for (const listener of [...listeners]) {
      try {
        listener(contactIds);
      } catch (error) {
        if (typeof reportError === 'function') reportError(error);
      }
    }
  }

  const isMessage = (entry: OutboxEntry) => entry.entity === 'message';

  async function updateRow(seq: number, patch: (entry: OutboxEntry) => OutboxEntry): Promise<string | null> {
    return db.transaction('rw', outbox, conversations, async () => {
      const entry = await outbox.get(seq);
      if (!entry) return null;
      await outbox.put(patch(entry));
      return (await conversations.get(entry.entityId))?.contactId ?? null;
    });
  }

  return {
    async inboxes() {
      return (await inboxTable.toArray()).sort((a, b) => a.id - b.id);
    },

    async conversationsOf(contactId) {
      const records = await conversations.where('contactId').equals(contactId).toArray();
      const ids = records.filter((record) => record.serverId === null).map((record) => record.id);
      const rows = ids.length === 0 ? [] : (await outbox.where('entityId').anyOf(ids).toArray()).filter(isMessage);
      const views: ConversationView[] = [];
      for (const record of records) {
        const row = record.serverId === null ? rows.find((entry) => entry.entityId === record.id) : undefined;
        // A local one whose row was discarded is on its way out (dropOrphans): not shown.
        if (record.serverId === null && !row) continue;
        views.push({
          ...record,
          sendState: !row ? null : row.state === 'rejected' ? 'rejected' : row.state === 'in-flight' ? 'sending' : 'waiting',
          sendError: row?.lastError ?? null,
          outboxSeq: row?.seq ?? null,
        });
      }
      // Unsent first (what the agent just did), then newest activity.
      return views.sort((a, b) => Number(b.serverId === null) - Number(a.serverId === null) || b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : 1));
    },

    async linksOf(contactId) {
      const row = await db.syncState.get(LINKS_KEY_PREFIX + contactId);
      return Array.isArray(row?.value) ? (row.value as ContactInboxLink[]) : [];
    },

    async send(contactId, message) {
      const record = await core.write([conversations, core.outbox, contacts], async (events) => {
        const at = core.now();
        // Sending is activity with the contact: "Last activity" moves now, as the server's
        // last_activity_at will once it has the message (issue 16 item 6). Not a change to send:
        // the server sets that field itself.
        const contact = await contacts.get(contactId);
        if (contact && (contact.lastActivityAt ?? Number.NEGATIVE_INFINITY) < at) {
          const touched: Contact = { ...contact, lastActivityAt: at };
          await contacts.put(touched);
          events.push({ entity: 'contact', put: [touched], deleted: [], origin: 'local' });
        }
        const created: ConversationRecord = {
          id: core.newId(),
          contactId,
          serverId: null,
          inboxId: message.inboxId,
          status: 'open',
          lastMessage: message.content,
          lastIncomingAt: null,
          outgoing: message,
          lastActivityAt: at,
          createdAt: at,
          updatedAt: at,
        };
        await conversations.add(created);
        await core.outbox.add(core.outboxEntry('message', created.id, 'create', { contactId, ...message }, {}));
        events.push(event([created], [], 'local'));
        return created;
      });
      notify([contactId]);
      return record;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    announce: notify,

    async replaceInboxes(list) {
      await db.transaction('rw', inboxTable, async () => {
        await inboxTable.clear();
        await inboxTable.bulkPut([...list]);
      });
      notify(null);
    },

    async setLinks(contactId, links) {
      await db.syncState.put({ key: LINKS_KEY_PREFIX + contactId, value: [...links] });
      notify([contactId]);
    },

    async applyServerConversations(contactId, list) {
      await core.write([conversations], async (events) => {
        const existing = await conversations.where('contactId').equals(contactId).toArray();
        const byServerId = new Map(existing.filter((record) => record.serverId !== null).map((record) => [record.serverId!, record]));
        const put: ConversationRecord[] = [];
        const at = core.now();
        for (const server of list) {
          const before = byServerId.get(server.serverId);
          byServerId.delete(server.serverId);
          put.push({
            id: before?.id ?? core.newId(),
            contactId,
            serverId: server.serverId,
            inboxId: server.inboxId,
            status: server.status,
            lastMessage: server.lastMessage,
            lastIncomingAt: server.lastIncomingAt,
            outgoing: null,
            lastActivityAt: server.lastActivityAt,
            createdAt: before?.createdAt ?? server.createdAt,
            updatedAt: at,
          });
        }
        // The server lists the 20 most recent: older cached ones not in the list stay.
        await conversations.bulkPut(put);
        events.push(event(put, [], 'sync'));
      });
      notify([contactId]);
    },

    async entries(options = {}) {
      const rows = await outbox.orderBy('seq').filter(isMessage).toArray();
      return options.includeRejected ? rows : rows.filter((row) => row.state !== 'rejected');
    },

    async markInFlight(seq) {
      notify(mapContact(await updateRow(seq, (entry) => ({ ...entry, state: 'in-flight', attempts: entry.attempts + 1 }))));
    },

    async setError(seq, message) {
      notify(mapContact(await updateRow(seq, (entry) => ({ ...entry, lastError: message }))));
    },

    async reject(seq, message) {
      notify(mapContact(await updateRow(seq, (entry) => ({ ...entry, state: 'rejected', lastError: message }))));
    },

    async ackSent(seq, conversationId, server) {
      const contactId = await core.write([conversations, core.outbox], async (events) => {
        await core.outbox.delete(seq);
        const record = await conversations.get(conversationId);
        if (!record) return null;
        // lock_to_single_conversation: the server answered with an existing conversation we may have cached.
        const twin = await conversations.where('serverId').equals(server.serverId).first();
        const deleted: string[] = [];
        if (twin && twin.id !== record.id) {
          await conversations.delete(twin.id);
          deleted.push(twin.id);
        }
        const next: ConversationRecord = {
          ...record,
          serverId: server.serverId,
          inboxId: server.inboxId,
          status: server.status,
          lastMessage: server.lastMessage ?? record.lastMessage,
          lastIncomingAt: server.lastIncomingAt,
          lastActivityAt: Math.max(server.lastActivityAt, record.lastActivityAt),
          outgoing: null,
          updatedAt: core.now(),
        };
        await conversations.put(next);
        events.push(event([next], deleted, 'sync'));
        return record.contactId;
      });
      notify(mapContact(contactId));
    },

    async dropOrphans() {
      const removed = await core.write([conversations, core.outbox], async (events) => {
        const local = await conversations.filter((record) => record.serverId === null).toArray();
        if (local.length === 0) return [];
        const withRow = new Set((await outbox.where('entityId').anyOf(local.map((record) => record.id)).toArray()).filter(isMessage).map((row) => row.entityId));
        const gone = local.filter((record) => !withRow.has(record.id));
        if (gone.length === 0) return [];
        await conversations.bulkDelete(gone.map((record) => record.id));
        events.push(event([], gone.map((record) => record.id), 'sync'));
        return gone;
      });
      if (removed.length > 0) notify([...new Set(removed.map((record) => record.contactId))]);
      return removed.length;
    },

    get: (conversationId) => conversations.get(conversationId),
  };
}

function mapContact(contactId: string | null): readonly string[] | null {
  return contactId === null ? [] : [contactId];
}
