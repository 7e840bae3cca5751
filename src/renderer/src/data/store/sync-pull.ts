import type { Contact, ContactFields } from '../../../../shared/contact';
import type { OutboxEntry } from '../../../../shared/records';
import { sameJsonValue } from '../../../../shared/equality';
import { mergeContact, mergeLabels } from '../../../../shared/sync/merge3';
import type { ServerContact } from '../../../../shared/sync/wire';
import { CONTACT_FIELD_KEYS, contactField, contactFieldsOf, withContactField } from './contact-fields';
import { contactsByServerId, rememberWrittenContacts } from './index-lookup';
import type { WintookDb } from './schema';
import {
  addConflicts,
  contactEvent,
  contactOutboxFacts,
  entriesByContact,
  HELD_DELETED_ON_SERVER,
  holdDeleted,
  touchedFields,
  type SyncCore,
  type SyncStoreContext,
} from './sync-contact-rows';
import type { OutboxFacts } from './sync-records-rows';

/**
 * A pulled page of server contacts applied to the local table (`applyServerPage`): read in a few
 * indexed requests, merged in a synchronous loop, written at the end of the page.
 */

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

/**
 * Everything a page needs from the database, read with a few indexed requests instead of several
 * per record (a 500-change page made ~2,000 requests and cost 0.7–0.9 s in the app's renderer):
 * the local copies of the page's contacts by server id, their outbox rows (compact rows included),
 * and, for the lost-create check, the contacts with a create in flight and one of the page's emails.
 */
async function readPage(db: WintookDb, page: ServerPage): Promise<PageContext> {
  const serverIds = [...new Set([...page.contacts.map((c) => c.serverId), ...page.labels.map((l) => l.serverId), ...page.deletedServerIds])];
  const locals = await contactsByServerId(db, serverIds);
  const entries = await entriesByContact(db, [...locals.values()].map((c) => c.id));
  const missing = page.contacts.some((c) => !locals.has(c.serverId));
  const facts: OutboxFacts = missing ? await contactOutboxFacts(db) : { deletes: new Set(), creating: new Set() };
  const unlinked = new Map<string, Contact>();
  if (facts.creating.size > 0) {
    // The few contacts with a create in flight, by id (contacts have no email index: schema v5).
    const emails = new Set(page.contacts.flatMap((c) => (!locals.has(c.serverId) && c.fields.email ? [c.fields.email] : [])));
    if (emails.size > 0) {
      for (const c of await db.contacts.bulkGet([...facts.creating])) {
        if (c && c.serverId === null && c.email && emails.has(c.email)) unlinked.set(c.email, c);
      }
    }
    for (const [id, list] of await entriesByContact(db, [...unlinked.values()].map((c) => c.id))) entries.set(id, list);
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
  const same = (field: string, a: unknown, b: unknown) =>
    field === 'labels' && Array.isArray(a) && Array.isArray(b) ? sameJsonValue([...a].sort(), [...b].sort()) : sameJsonValue(a, b);
  let next: ContactFields = { ...base };
  for (const [field, value] of sent) if (field in server && same(field, value, contactField(server, field))) next = withContactField(next, field, contactField(server, field));
  return next;
}

/**
 * One server contact against its local copy, staged in `context` (no database request: a page's
 * contacts are applied in a synchronous loop — a long run of awaits on settled promises inside a
 * Dexie transaction loses its zone and the transaction commits under the page).
 */
function applyContact(core: SyncCore, server: ServerContact, context: PageContext, result: PageResult): void {
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
      const linked: Contact = { ...mine, ...adopted, serverId: server.serverId, version: server.version, base: fields, updatedAt: core.now() };
      stage(context, linked);
      result.updated += 1;
      return;
    }
    const at = core.now();
    const contact: Contact = {
      ...server.fields,
      id: core.newId(),
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
    next = { ...local, ...fields, base: fields, version: server.version, lastActivityAt: laterActivity(server.lastActivityAt, local.lastActivityAt), updatedAt: core.now() };
  } else {
    // Local edits not yet on the server: rebase them on the server's state (Replicache's rebase).
    const merged = mergeContact(sentBase(local.base, entries, fields), contactFieldsOf(local), fields);
    if (merged.conflicts.length > 0) context.conflicts.push({ contactId: local.id, found: merged.conflicts });
    result.conflicts += merged.conflicts.length;
    next = { ...local, ...merged.merged, base: fields, version: server.version, lastActivityAt: laterActivity(server.lastActivityAt, local.lastActivityAt), updatedAt: core.now() };
  }
  if (sameJsonValue(next, { ...local, updatedAt: next.updatedAt })) return;
  stage(context, next);
  result.updated += 1;
}

function applyLabels(core: SyncCore, serverId: number, labels: string[], context: PageContext, result: PageResult): void {
  const local = context.locals.get(serverId);
  if (!local) return;
  const entries = context.entries.get(local.id) ?? [];
  const touched = touchedFields(entries).has('labels');
  const nextLabels = touched ? mergeLabels(local.base?.labels ?? [], local.labels, labels) : labels;
  const base = { ...(local.base ?? contactFieldsOf(local)), labels };
  if (sameJsonValue(nextLabels, local.labels) && sameJsonValue(base, local.base)) return;
  const next: Contact = { ...local, labels: nextLabels, base, updatedAt: core.now() };
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

/** A pulled page (or a reconcile page) and its cursor, in one transaction. */
export function applyServerPage(ctx: SyncStoreContext, page: ServerPage): Promise<PageResult> {
  const { db, core } = ctx;
  return core.write([db.contacts, db.outbox, db.conflicts, db.syncState], async (events) => {
    const result: PageResult = { created: 0, updated: 0, deleted: 0, conflicts: 0 };
    const deleted: string[] = [];
    const context = await readPage(db, page);
    for (const contact of page.contacts) applyContact(core, contact, context, result);
    for (const item of page.labels) applyLabels(core, item.serverId, item.labels, context, result);
    // Deletions last (a contact deleted in the page leaves `puts`); then the page's writes, a few requests.
    for (const serverId of page.deletedServerIds) applyDeletion(serverId, context, deleted, result);
    if (context.puts.size > 0) await db.contacts.bulkPut([...context.puts.values()]);
    if (deleted.length > 0) {
      await db.contacts.bulkDelete(deleted);
      await db.conflicts.where('contactId').anyOf(deleted).delete();
    }
    const gone = new Set(deleted);
    for (const { contactId, found } of context.conflicts) if (!gone.has(contactId)) await addConflicts(ctx, contactId, found);
    for (const { local, entries } of context.held) await holdDeleted(ctx, local, entries);
    if (page.state) await db.syncState.bulkPut(page.state);
    // The page's notes, applied next in the same transaction, find their contacts here.
    rememberWrittenContacts(context.puts.values(), page.deletedServerIds);
    // One event per record, its last state.
    if (context.puts.size > 0 || deleted.length > 0) events.push(contactEvent([...context.puts.values()], deleted));
    return result;
  });
}
