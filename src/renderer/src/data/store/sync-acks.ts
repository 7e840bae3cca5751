import type { Contact, ContactFields } from '../../../../shared/contact';
import type { ServerContact } from '../../../../shared/sync/wire';
import { CONTACT_FIELD_KEYS, contactField } from './contact-fields';
import { contactEvent, entriesOf, entryTable, holdDeleted, touchedFields, type SyncStoreContext } from './sync-contact-rows';

/** The server's answers to pushed contact changes, applied to the local copy (sync-repository.ts wires them). */

/**
 * The server accepted a create or update of `contactId` covering outbox rows `seqs`. `server` is
 * its answer (null when the request had been applied before and the answer was lost). Fields
 * with no further local change take the server's (normalised) values; the base becomes it.
 */
export function ackContactWrite(ctx: SyncStoreContext, contactId: string, seqs: readonly number[], answer: ServerContact | null, answerLabels: string[] | null): Promise<void> {
  const { db, core } = ctx;
  const outbox = entryTable(db);
  let server = answer;
  let labels = answerLabels;
  return core.write([db.contacts, db.outbox, db.conflicts, db.notes], async (events) => {
    await outbox.bulkDelete([...seqs]);
    const remaining = await entriesOf(db, contactId);
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
        const twinEntries = await entriesOf(db, twin.id);
        const twinTouched = touchedFields(twinEntries);
        const adopted: Record<string, unknown> = {};
        for (const key of twinTouched) adopted[key] = contactField(twin, key);
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
    const stillToSend = touchedFields(await entriesOf(db, contactId));
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
}

/** The server no longer has this contact but it has local edits: hold them and ask the user. */
export function markDeletedOnServer(ctx: SyncStoreContext, contactId: string): Promise<void> {
  const { db, core } = ctx;
  return core.write([db.contacts, db.outbox, db.conflicts], async () => {
    const local = await db.contacts.get(contactId);
    if (!local) return;
    await holdDeleted(ctx, local, await entriesOf(db, contactId));
  });
}
