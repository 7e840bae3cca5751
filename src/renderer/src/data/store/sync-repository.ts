import type { Table } from 'dexie';
import type { Contact, ContactFields } from '../../../../shared/contact';
import type { Conflict, OutboxEntry, SentRequest } from '../../../../shared/records';
import { sameJsonValue } from '../../../../shared/equality';
import { mergeContact, mergeLabels, topLevelField } from '../../../../shared/sync/merge3';
import type { ServerContact } from '../../../../shared/sync/wire';
import type { ChangeEvent } from './change-bus';
import { BULK_OUTBOX_ENTITY_ID, countPendingBulkEntries, expandBulkOutbox, pendingEntriesFor } from './outbox-expansion';
import { CONTACT_FIELD_KEYS, contactFieldsOf } from './contact-fields';
import { gated } from './label-ops';
import { createSyncRecordsRepository, NOTE_CONFLICT_PREFIX, readOutboxFacts, type OutboxFacts } from './sync-records-repository';
import type { RepositoryCore } from './records-repository';
import type { WintookDb } from './schema';

/**
 * The sync engine's writes: server data applied with origin `sync` (stored and announced, never
 * outboxed), outbox bookkeeping, conflicts. Every function is one transaction, so a pulled page
 * and its cursor, or an acknowledged change and the removal of its outbox rows, commit together.
 *
 * Wire into `createRepository` as `sync: createSyncRepository(db, core)`.
 */

/** The conflict row of "deleted on the server while edited here". */
export const DELETED_ON_SERVER_FIELD = '$deleted';
/** `lastError` of outbox rows held back until the user decides about a contact deleted on the server. */
export const HELD_DELETED_ON_SERVER = 'deleted-on-server';

export type SyncCore = Pick<RepositoryCore, 'now' | 'newId' | 'write' | 'outboxEntry'>;

export interface ServerPage {
  contacts: ServerContact[];
  /** `{contact_id, labels}` from the change feed's `contact_labels` entity. */
  labels: { serverId: number; labels: string[] }[];
  deletedServerIds: number[];
  /** Written in the same transaction as the page (RxDB's `setCheckpoint` ordering). */
  state?: { key: string; value: unknown }[];
}

export interface PageResult {
  created: number;
  updated: number;
  deleted: number;
  conflicts: number;
}

const CONTACT_ENTITY = 'contact';

/** One page's reads, and its writes staged until the end of the page (`applyServerPage`). */
interface PageContext {
  /** Local copies by server id, kept current as the page is applied. */
  locals: Map<number, Contact>;
  /** Outbox rows (compact rows' entries included) of the contacts in `locals` as read, in seq order. */
  entries: Map<string, OutboxEntry[]>;
  facts: OutboxFacts;
  /** Contacts with no server id and a create in flight, by email: the lost-create candidates. */
  unlinked: Map<string, Contact>;
  /** Rows to write when the page is done (and to announce), by contact id, each in its last state. */
  puts: Map<string, Contact>;
  /** Contacts deleted on the server with local edits: their rows are held and the user asked. */
  held: { local: Contact; entries: OutboxEntry[] }[];
  /** Conflicts found, recorded when the page is done (in the order found). */
  conflicts: { contactId: string; found: { field: string; localValue: unknown; serverValue: unknown }[] }[];
}

/**
 * Last activity only moves forward: a message sent here moves it at once (messages-repository.ts
 * `send`), and a server copy read before the server had that message must not move it back.
 */
function laterActivity(server: number | null, local: number | null): number | null {
  if (server === null) return local;
  if (local === null) return server;
  return Math.max(server, local);
}

export function createSyncRepository(db: WintookDb, core: SyncCore) {
  const { now, newId, write } = core;
  const outbox = db.outbox as Table<OutboxEntry, number>;

  /**
   * A contact's outbox rows in seq order, including those still folded into compact rows (a bulk
   * label change or an import batch not expanded yet, outbox-expansion.ts): a server page applied
   * meanwhile must know those fields have local edits. One indexed read either way; the folded
   * entries are for reading only (their seqs are reserved, not stored, until expansion writes them).
   */
  const entriesOf = async (contactId: string): Promise<OutboxEntry[]> => (await entriesByContact([contactId])).get(contactId) ?? [];

  /** Fields the given rows change (top level), i.e. what is still to be pushed. */
  function touchedFields(entries: readonly OutboxEntry[]): Set<string> {
    const touched = new Set<string>();
    for (const entry of entries) {
      if (entry.op === 'create') for (const key of CONTACT_FIELD_KEYS) touched.add(key);
      else for (const key of Object.keys(entry.changes)) touched.add(key);
    }
    return touched;
  }

  async function addConflicts(contactId: string, found: { field: string; localValue: unknown; serverValue: unknown }[]): Promise<void> {
    if (found.length === 0) return;
    const existing = await db.conflicts.where('contactId').equals(contactId).toArray();
    const replaced = existing.filter((c) => found.some((f) => f.field === c.field)).map((c) => c.id);
    await db.conflicts.bulkDelete(replaced);
    await db.conflicts.bulkAdd(
      found.map((f): Conflict => ({ id: newId(), contactId, field: f.field, localValue: f.localValue ?? null, serverValue: f.serverValue ?? null, detectedAt: now() })),
    );
  }

  /** Read only when the page has a contact with no local copy (see `applyContact`). */
  const outboxFacts = () => readOutboxFacts(outbox, CONTACT_ENTITY);

  /** `entriesOf` for many contacts in one indexed read; contacts with no rows are left out. */
  async function entriesByContact(ids: readonly string[]): Promise<Map<string, OutboxEntry[]>> {
    const entries = new Map<string, OutboxEntry[]>();
    if (ids.length === 0) return entries;
    const rows = await (outbox as unknown as Table<unknown, number>).where('entityId').anyOf([...ids, BULK_OUTBOX_ENTITY_ID]).toArray();
    const bulk = rows.filter((row) => (row as OutboxEntry).entityId === BULK_OUTBOX_ENTITY_ID);
    for (const row of rows as OutboxEntry[]) {
      if (row.entityId === BULK_OUTBOX_ENTITY_ID || row.entity !== CONTACT_ENTITY) continue;
      const list = entries.get(row.entityId) ?? [];
      list.push(row);
      entries.set(row.entityId, list);
    }
    if (bulk.length > 0) for (const [id, folded] of pendingEntriesFor(bulk, new Set(ids))) entries.set(id, [...(entries.get(id) ?? []), ...folded]);
    for (const list of entries.values()) list.sort((a, b) => a.seq - b.seq);
    return entries;
  }

  /**
   * Everything a page needs from the database, read with a few indexed requests instead of several
   * per record (a 500-change page made ~2,000 requests and cost 0.7–0.9 s in the app's renderer):
   * the local copies of the page's contacts by server id, their outbox rows (compact rows included),
   * and, for the lost-create check, the contacts with a create in flight and one of the page's emails.
   */
  async function readPage(page: ServerPage): Promise<PageContext> {
    const serverIds = [...new Set([...page.contacts.map((c) => c.serverId), ...page.labels.map((l) => l.serverId), ...page.deletedServerIds])];
    const locals = new Map<number, Contact>();
    if (serverIds.length > 0) for (const c of await db.contacts.where('serverId').anyOf(serverIds).toArray()) locals.set(c.serverId!, c);
    const entries = await entriesByContact([...locals.values()].map((c) => c.id));
    const missing = page.contacts.some((c) => !locals.has(c.serverId));
    const facts: OutboxFacts = missing ? await outboxFacts() : { deletes: new Set(), creating: new Set() };
    const unlinked = new Map<string, Contact>();
    if (facts.creating.size > 0) {
      // The few contacts with a create in flight, by id (contacts have no email index: schema v5).
      const emails = new Set(page.contacts.filter((c) => !locals.has(c.serverId) && c.fields.email).map((c) => c.fields.email!));
      if (emails.size > 0) {
        for (const c of await db.contacts.bulkGet([...facts.creating])) {
          if (c && c.serverId === null && c.email && emails.has(c.email)) unlinked.set(c.email, c);
        }
      }
      for (const [id, list] of await entriesByContact([...unlinked.values()].map((c) => c.id))) entries.set(id, list);
    }
    return { locals, entries, facts, unlinked, puts: new Map(), conflicts: [], held: [] };
  }

  /** A contact changed while the page is applied: later items of the page see it; written at the end. */
  function stage(context: PageContext, contact: Contact): void {
    if (contact.serverId !== null) context.locals.set(contact.serverId, contact);
    context.puts.set(contact.id, contact);
  }

  /**
   * The base to merge a server copy against when an update of this contact was sent and its answer
   * lost (rows in flight): where the server holds what that request carried, the value is ours, not
   * the other side's change, so a later local edit of that field (even back to the old base) wins
   * over it (soak seed 1090). Elsewhere the base is unchanged: a different server value is theirs.
   */
  function sentBase(base: ContactFields | null, entries: readonly OutboxEntry[], server: ContactFields): ContactFields | null {
    if (!base) return base;
    const sent = new Map<string, unknown>();
    for (const e of entries) if (e.state === 'in-flight' && e.op === 'update') for (const [field, value] of Object.entries(e.changes)) sent.set(field, value);
    if (sent.size === 0) return base;
    const next = { ...base } as unknown as Record<string, unknown>;
    const held = server as unknown as Record<string, unknown>;
    const same = (field: string, a: unknown, b: unknown) =>
      field === 'labels' && Array.isArray(a) && Array.isArray(b) ? sameJsonValue([...a].sort(), [...b].sort()) : sameJsonValue(a, b);
    for (const [field, value] of sent) if (field in held && same(field, value, held[field])) next[field] = held[field];
    return next as unknown as ContactFields;
  }

  /** One server contact into the local table; returns what happened. Runs inside `write`. */
  /**
   * One server contact against its local copy, staged in `context` (no database request: a page's
   * contacts are applied in a synchronous loop — a long run of awaits on settled promises inside a
   * Dexie transaction loses its zone and the transaction commits under the page).
   */
  function applyContact(server: ServerContact, context: PageContext, result: PageResult): void {
    const local = context.locals.get(server.serverId);
    if (!local) {
      // Deleted here, delete not sent yet: the server copy is about to go, do not bring it back.
      if (context.facts.deletes.has(server.serverId)) return;
      // Our own create, committed but not acknowledged yet (its answer was lost): link it rather than
      // add a second copy. Email is unique per account on the server, so the match is that contact.
      const mine = server.fields.email ? context.unlinked.get(server.fields.email) : undefined;
      const mineRows = mine ? (context.entries.get(mine.id) ?? []) : [];
      if (mine && mineRows.some((e) => e.op === 'create' && e.state === 'in-flight')) {
        context.unlinked.delete(server.fields.email!);
        const fields = server.labelsKnown ? server.fields : { ...server.fields, labels: mine.labels };
        // The create's values are on the server (or were changed there since): take the server's,
        // except for fields edited here after the create was sent (soak seed 60043). Rows in flight
        // with the create went in its request (coalesced into it): the server has them, and a value
        // there now is a later edit of the other side (soak seed 74).
        const editedSince = touchedFields(mineRows.filter((e) => e.op !== 'create' && e.state !== 'in-flight'));
        const adopted: Record<string, unknown> = {};
        for (const key of CONTACT_FIELD_KEYS) if (!editedSince.has(key)) adopted[key] = fields[key];
        const linked: Contact = { ...mine, ...adopted, serverId: server.serverId, version: server.version, base: fields, updatedAt: now() };
        stage(context, linked);
        result.updated += 1;
        return;
      }
      const at = now();
      const contact: Contact = {
        ...server.fields,
        id: newId(),
        serverId: server.serverId,
        createdAt: server.createdAt ?? at,
        lastActivityAt: server.lastActivityAt,
        updatedAt: at,
        version: server.version,
        base: server.fields,
      };
      stage(context, contact);
      result.created += 1;
      return;
    }
    if (server.version !== null && local.version !== null && server.version <= local.version) return;
    const fields = server.labelsKnown ? server.fields : { ...server.fields, labels: local.base?.labels ?? local.labels };
    const entries = (context.entries.get(local.id) ?? []).filter((e) => e.lastError !== HELD_DELETED_ON_SERVER);
    let next: Contact;
    if (entries.length === 0) {
      next = { ...local, ...fields, base: fields, version: server.version, lastActivityAt: laterActivity(server.lastActivityAt, local.lastActivityAt), updatedAt: now() };
    } else {
      // Local edits not yet on the server: rebase them on the server's state (Replicache's rebase).
      const merged = mergeContact(sentBase(local.base, entries, fields), contactFieldsOf(local), fields);
      if (merged.conflicts.length > 0) context.conflicts.push({ contactId: local.id, found: merged.conflicts });
      result.conflicts += merged.conflicts.length;
      next = { ...local, ...merged.merged, base: fields, version: server.version, lastActivityAt: laterActivity(server.lastActivityAt, local.lastActivityAt), updatedAt: now() };
    }
    if (sameJsonValue(next, { ...local, updatedAt: next.updatedAt })) return;
    stage(context, next);
    result.updated += 1;
  }

  function applyLabels(serverId: number, labels: string[], context: PageContext, result: PageResult): void {
    const local = context.locals.get(serverId);
    if (!local) return;
    const entries = context.entries.get(local.id) ?? [];
    const touched = touchedFields(entries).has('labels');
    const nextLabels = touched ? mergeLabels(local.base?.labels ?? [], local.labels, labels) : labels;
    const base = { ...(local.base ?? contactFieldsOf(local)), labels };
    if (sameJsonValue(nextLabels, local.labels) && sameJsonValue(base, local.base)) return;
    const next: Contact = { ...local, labels: nextLabels, base, updatedAt: now() };
    stage(context, next);
    result.updated += 1;
  }

  /**
   * A contact deleted on the server: gone here too (staged in `deleted`, removed when the page is
   * done), unless it has local edits — then ask (a conflict, staged in `held`).
   */
  function applyDeletion(serverId: number, context: PageContext, deleted: string[], result: PageResult): void {
    const local = context.locals.get(serverId);
    if (!local) return;
    const entries = context.entries.get(local.id) ?? [];
    if (entries.length === 0) {
      context.locals.delete(serverId);
      context.puts.delete(local.id);
      deleted.push(local.id);
      result.deleted += 1;
      return;
    }
    context.held.push({ local, entries });
    result.conflicts += 1;
  }

  async function holdDeleted(local: Contact, entries: readonly OutboxEntry[]): Promise<void> {
    await outbox.bulkPut(entries.map((e) => ({ ...e, state: 'rejected' as const, lastError: HELD_DELETED_ON_SERVER })));
    await addConflicts(local.id, [{ field: DELETED_ON_SERVER_FIELD, localValue: contactFieldsOf(local), serverValue: null }]);
  }

  const contactEvent = (put: Contact[], deleted: string[]): ChangeEvent => ({ entity: 'contact', put, deleted, origin: 'sync' });
  const records = createSyncRecordsRepository(db, core);

  return {
    /** Labels, attribute definitions, segments and notes (their participants' writes). */
    records,

    async getState<T>(key: string): Promise<T | undefined> {
      return (await db.syncState.get(key))?.value as T | undefined;
    },
    async setState(key: string, value: unknown): Promise<void> {
      await db.syncState.put({ key, value });
    },

    /** Every contact outbox row that may be sent (not rejected), grouped by record in order of first change. */
    async sendableContactEntries(): Promise<OutboxEntry[][]> {
      // One `toArray` and in-memory filters: a Dexie cursor `filter` costs ~20× more per row (DESIGN.md "Data").
      const all = (await outbox.toArray()).filter((e) => e.entity === CONTACT_ENTITY);
      const rows = all.filter((e) => e.state !== 'rejected');
      const blocked = new Set(all.filter((e) => e.state === 'rejected').map((e) => e.entityId));
      const groups = new Map<string, OutboxEntry[]>();
      for (const row of rows) {
        // Per-record order: a record with a refused change waits for the user; the others go on.
        if (blocked.has(row.entityId)) continue;
        const group = groups.get(row.entityId) ?? [];
        group.push(row);
        groups.set(row.entityId, group);
      }
      return [...groups.values()];
    },

    /** Contact rows only: the other entities' participants count their own (`SyncParticipant.counts`). */
    /** Unpacks compact outbox rows into per-record rows (the engine calls it before it reads the outbox). */
    expandBulk: () => expandBulkOutbox(db),
    /** Per-record rows still folded into compact rows (a bulk change committed during a run). */
    packedCount: () => countPendingBulkEntries(db),

    async countOutbox(): Promise<{ waiting: number; rejected: number }> {
      let waiting = await countPendingBulkEntries(db);
      let rejected = 0;
      for (const e of await outbox.toArray()) {
        if (e.entity !== CONTACT_ENTITY) continue;
        // Held rows of a contact deleted on the server wait for the user's answer: that question is
        // a conflict (counted there), not a rejected change (the Sync problems dialog omits them).
        if (e.state !== 'rejected') waiting += 1;
        else if (e.lastError !== HELD_DELETED_ON_SERVER) rejected += 1;
      }
      return { waiting, rejected };
    },

    rejectedEntries: () => outbox.filter((e) => e.state === 'rejected' && e.lastError !== HELD_DELETED_ON_SERVER).toArray(),
    conflictsOf: (contactId: string) => db.conflicts.where('contactId').equals(contactId).toArray(),
    allConflicts: () => db.conflicts.toArray(),
    // Contact reads wait until pending label ops are folded into the rows (label-ops.ts).
    getContact: (id: string) => gated(db, () => db.contacts.get(id)),
    contactByServerId: (serverId: number) => gated(db, () => db.contacts.where('serverId').equals(serverId).first()),
    entriesOf,

    async markInFlight(seqs: readonly number[]): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const rows = (await outbox.bulkGet([...seqs])).filter((e): e is OutboxEntry => e !== undefined);
        await outbox.bulkPut(rows.map((e) => ({ ...e, state: 'in-flight' as const, attempts: e.attempts + 1 })));
      });
    },

    /** The body sent under `key` by an earlier try of the op whose first row is `seq`, if any. */
    async sentRequest(seq: number, key: string): Promise<SentRequest | undefined> {
      return (await outbox.get(seq))?.sentRequests?.find((sent) => sent.key === key);
    },

    /** Records the body about to go under `key` (before it goes: its answer may never come). */
    async bindRequest(seq: number, key: string, body: unknown): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const row = await outbox.get(seq);
        if (!row) return;
        const others = (row.sentRequests ?? []).filter((sent) => sent.key !== key);
        await outbox.put({ ...row, sentRequests: [...others, { key, body }] });
      });
    },

    /** The server answered `key` for certain without storing it (4xx): the next try may carry another body. */
    async unbindRequest(seq: number, key: string): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const row = await outbox.get(seq);
        if (!row?.sentRequests) return;
        await outbox.put({ ...row, sentRequests: row.sentRequests.filter((sent) => sent.key !== key) });
      });
    },

    async setError(seqs: readonly number[], message: string): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const rows = (await outbox.bulkGet([...seqs])).filter((e): e is OutboxEntry => e !== undefined);
        await outbox.bulkPut(rows.map((e) => ({ ...e, lastError: message })));
      });
    },

    /** The server refused these rows (4xx): kept, with its message, for "Sync problems". */
    async reject(seqs: readonly number[], message: string): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const rows = (await outbox.bulkGet([...seqs])).filter((e): e is OutboxEntry => e !== undefined);
        await outbox.bulkPut(rows.map((e) => ({ ...e, state: 'rejected' as const, lastError: message })));
      });
    },

    /**
     * Runs `body` in one read-write transaction over every table: the sync writes inside it (each a
     * transaction of its own otherwise) join it, so they commit together or not at all, and their
     * change events are announced once it has committed. `body` must only touch the database.
     */
    atomically<T>(body: () => Promise<T>): Promise<T> {
      return gated(db, () => db.transaction('rw', db.tables, body));
    },

    /** A pulled page (or a reconcile page) and its cursor, in one transaction. */
    applyServerPage(page: ServerPage): Promise<PageResult> {
      return write([db.contacts, db.outbox, db.conflicts, db.syncState], async (events) => {
        const result: PageResult = { created: 0, updated: 0, deleted: 0, conflicts: 0 };
        const deleted: string[] = [];
        const context = await readPage(page);
        for (const contact of page.contacts) applyContact(contact, context, result);
        for (const item of page.labels) applyLabels(item.serverId, item.labels, context, result);
        // Deletions last (a contact deleted in the page leaves `puts`); then the page's writes, a few requests.
        for (const serverId of page.deletedServerIds) applyDeletion(serverId, context, deleted, result);
        if (context.puts.size > 0) await db.contacts.bulkPut([...context.puts.values()]);
        if (deleted.length > 0) {
          await db.contacts.bulkDelete(deleted);
          await db.conflicts.where('contactId').anyOf(deleted).delete();
        }
        const gone = new Set(deleted);
        for (const { contactId, found } of context.conflicts) if (!gone.has(contactId)) await addConflicts(contactId, found);
        for (const { local, entries } of context.held) await holdDeleted(local, entries);
        if (page.state) await db.syncState.bulkPut(page.state);
        // One event per record, its last state.
        if (context.puts.size > 0 || deleted.length > 0) events.push(contactEvent([...context.puts.values()], deleted));
        return result;
      });
    },

    /**
     * The server accepted a create or update of `contactId` covering outbox rows `seqs`. `server` is
     * its answer (null when the request had been applied before and the answer was lost). Fields
     * with no further local change take the server's (normalised) values; the base becomes it.
     */
    ackContactWrite(contactId: string, seqs: readonly number[], answer: ServerContact | null, answerLabels: string[] | null): Promise<void> {
      let server = answer;
      let labels = answerLabels;
      return write([db.contacts, db.outbox, db.conflicts, db.notes], async (events) => {
        await outbox.bulkDelete([...seqs]);
        const remaining = await entriesOf(contactId);
        const local = await db.contacts.get(contactId);
        if (!local) {
          // Deleted here while the create was on its way: let the delete rows address the server copy.
          if (server) {
            const serverId = server.serverId;
            await outbox.bulkPut(
              remaining.filter((e) => e.op === 'delete' && typeof e.baseValues.serverId !== 'number').map((e) => ({ ...e, baseValues: { ...e.baseValues, serverId } })),
            );
          }
          return;
        }
        const deleted: string[] = [];
        let current = local;
        if (server) {
          // The change feed may have brought our own create before its answer: fold that copy in.
          const twin = await db.contacts.where('serverId').equals(server.serverId).filter((c) => c.id !== contactId).first();
          if (twin) {
            const twinEntries = await entriesOf(twin.id);
            const twinTouched = touchedFields(twinEntries);
            const adopted: Record<string, unknown> = {};
            for (const key of twinTouched) adopted[key] = (twin as unknown as Record<string, unknown>)[key];
            current = { ...current, ...adopted };
            await outbox.bulkPut(twinEntries.map((e) => ({ ...e, entityId: contactId })));
            await db.conflicts.where('contactId').equals(twin.id).modify({ contactId });
            await db.notes.where('contactId').equals(twin.id).modify({ contactId });
            await db.contacts.delete(twin.id);
            deleted.push(twin.id);
            // The copy was read from the server after the create: its snapshot is at least as new as
            // this (possibly replayed) answer, and holds label changes, which do not move `version`
            // (soak seed 40457).
            if (twin.base && (server.version === null || twin.version === null || twin.version >= server.version)) {
              server = { ...server, fields: twin.base, version: twin.version ?? server.version, labelsKnown: true };
              labels = null;
            }
          }
        }
        const stillToSend = touchedFields(await entriesOf(contactId));
        let next: Contact = current;
        if (server && (server.version === null || current.version === null || server.version >= current.version)) {
          const fields: ContactFields = { ...server.fields, labels: labels ?? (server.labelsKnown ? server.fields.labels : current.base?.labels ?? current.labels) };
          const adopted: Record<string, unknown> = {};
          for (const key of CONTACT_FIELD_KEYS) if (!stillToSend.has(key)) adopted[key] = fields[key];
          next = { ...current, ...adopted, serverId: server.serverId, version: server.version, base: fields, createdAt: current.serverId === null && server.createdAt !== null ? server.createdAt : current.createdAt };
        } else if (labels && current.base) {
          next = { ...current, base: { ...current.base, labels }, ...(stillToSend.has('labels') ? {} : { labels }) };
        }
        if (next !== local) {
          await db.contacts.put(next);
          events.push(contactEvent([next], deleted));
        } else if (deleted.length > 0) events.push(contactEvent([], deleted));
      });
    },

    /** The server no longer has this contact but it has local edits: hold them and ask the user. */
    markDeletedOnServer(contactId: string): Promise<void> {
      return write([db.contacts, db.outbox, db.conflicts], async () => {
        const local = await db.contacts.get(contactId);
        if (!local) return;
        await holdDeleted(local, await entriesOf(contactId));
      });
    },

    /** A delete (or a create+delete that cancelled out) is done: drop its rows. */
    async ackRows(seqs: readonly number[]): Promise<void> {
      await outbox.bulkDelete([...seqs]);
    },

    /** Contacts the server should have (synced, not about to be deleted) that a full scan did not see. */
    async syncedServerIds(): Promise<Map<number, Contact>> {
      const map = new Map<number, Contact>();
      await gated(db, () =>
        db.contacts.where('serverId').above(0).each((c) => {
          if (c.serverId !== null) map.set(c.serverId, c);
        }),
      );
      return map;
    },

    /** "Keep mine" puts the local value back as a new local change (outboxed); "Keep theirs" just closes it. */
    async resolveConflict(conflictId: string, choice: 'mine' | 'theirs'): Promise<void> {
      const found = await db.conflicts.get(conflictId);
      if (found?.field.startsWith(NOTE_CONFLICT_PREFIX)) return records.resolveNoteConflict(found, choice);
      return write([db.contacts, db.outbox, db.conflicts], async (events) => {
        const conflict = await db.conflicts.get(conflictId);
        if (!conflict) return;
        await db.conflicts.delete(conflictId);
        const local = await db.contacts.get(conflict.contactId);
        if (!local) return;
        if (conflict.field === DELETED_ON_SERVER_FIELD) {
          const held = await entriesOf(local.id);
          await outbox.bulkDelete(held.map((e) => e.seq));
          if (choice === 'theirs') {
            await db.contacts.delete(local.id);
            await db.conflicts.where('contactId').equals(local.id).delete();
            events.push(contactEvent([], [local.id]));
            return;
          }
          // Keep mine: the contact goes back to the server as a new one.
          const revived: Contact = { ...local, serverId: null, version: null, base: null, updatedAt: now() };
          await db.contacts.put(revived);
          await db.conflicts.where('contactId').equals(local.id).delete();
          await outbox.add(core.outboxEntry('contact', local.id, 'create', { ...contactFieldsOf(revived) }, {}) as OutboxEntry);
          events.push(contactEvent([revived], []));
          return;
        }
        if (choice === 'theirs') return;
        const top = topLevelField(conflict.field);
        const fields = contactFieldsOf(local) as unknown as Record<string, unknown>;
        let value: unknown = conflict.localValue;
        if (top !== conflict.field) {
          const key = conflict.field.slice(top.length + 1);
          const map = { ...(fields[top] as Record<string, unknown>) };
          if (conflict.localValue === null && top === 'socialProfiles') delete map[key];
          else map[key] = conflict.localValue;
          value = map;
        }
        if (sameJsonValue(fields[top], value)) return;
        const next: Contact = { ...local, [top]: value, updatedAt: now() };
        await db.contacts.put(next);
        await outbox.add(core.outboxEntry('contact', local.id, 'update', { [top]: value }, { [top]: fields[top] }) as OutboxEntry);
        events.push(contactEvent([next], []));
      });
    },

    /** "Retry" on a refused change: it goes back in the queue. */
    async retryRejected(seq: number): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const entry = await outbox.get(seq);
        if (entry && entry.state === 'rejected') await outbox.put({ ...entry, state: 'pending', attempts: 0, lastError: null, idempotencyKey: newId() });
      });
    },

    /**
     * "Discard" on a refused change: the row goes, and the contact goes back to what the server has
     * (a refused create: the contact is removed; a refused delete: the contact comes back).
     */
    async discardRejected(seq: number): Promise<void> {
      const found = await outbox.get(seq);
      if (found && found.state === 'rejected' && (found.entity === 'label' || found.entity === 'attributeDefinition' || found.entity === 'segment' || found.entity === 'note')) {
        return records.discard(found);
      }
      return write([db.contacts, db.outbox, db.conflicts], async (events) => {
        const entry = await outbox.get(seq);
        if (!entry || entry.state !== 'rejected') return;
        await outbox.delete(seq);
        if (entry.entity !== CONTACT_ENTITY) return;
        const local = await db.contacts.get(entry.entityId);
        if (entry.op === 'create' && local && local.serverId === null) {
          await db.contacts.delete(local.id);
          await outbox.bulkDelete((await entriesOf(local.id)).map((e) => e.seq));
          events.push(contactEvent([], [local.id]));
        } else if (entry.op === 'update' && local) {
          const reverted: Record<string, unknown> = {};
          for (const key of Object.keys(entry.changes)) {
            reverted[key] = local.base ? (local.base as unknown as Record<string, unknown>)[key] : entry.baseValues[key];
          }
          const next: Contact = { ...local, ...reverted, updatedAt: now() };
          await db.contacts.put(next);
          events.push(contactEvent([next], []));
        } else if (entry.op === 'delete' && !local && typeof entry.baseValues.serverId === 'number') {
          const { serverId, version, ...fields } = entry.baseValues as Record<string, unknown>;
          const at = now();
          const restored = {
            ...(fields as unknown as ContactFields),
            id: entry.entityId,
            serverId: serverId as number,
            version: (version as number | null) ?? null,
            createdAt: at,
            updatedAt: at,
            lastActivityAt: null,
            base: fields as unknown as ContactFields,
          } satisfies Contact;
          await db.contacts.put(restored);
          events.push(contactEvent([restored], []));
        }
      });
    },
  };
}

export type SyncRepository = ReturnType<typeof createSyncRepository>;
