import type { Contact } from '../../../../shared/contact';
import type { OutboxEntry } from '../../../../shared/records';
import { sameJsonValue } from '../../../../shared/equality';
import { topLevelField } from '../../../../shared/sync/merge3';
import { contactField, contactFieldsOf, recordedContactFields } from './contact-fields';
import { CONTACT_ENTITY, contactEvent, DELETED_ON_SERVER_FIELD, entriesOf, entryTable, type SyncStoreContext } from './sync-contact-rows';

/** The user's answers about contacts: a conflict resolved, a refused change discarded. */

/** "Keep mine" puts the local value back as a new local change (outboxed); "Keep theirs" just closes it. */
export function resolveContactConflict(ctx: SyncStoreContext, conflictId: string, choice: 'mine' | 'theirs'): Promise<void> {
  const { db, core } = ctx;
  const outbox = entryTable(db);
  return core.write([db.contacts, db.outbox, db.conflicts], async (events) => {
    const conflict = await db.conflicts.get(conflictId);
    if (!conflict) return;
    await db.conflicts.delete(conflictId);
    const local = await db.contacts.get(conflict.contactId);
    if (!local) return;
    if (conflict.field === DELETED_ON_SERVER_FIELD) {
      const held = await entriesOf(db, local.id);
      await outbox.bulkDelete(held.map((e) => e.seq));
      if (choice === 'theirs') {
        await db.contacts.delete(local.id);
        await db.conflicts.where('contactId').equals(local.id).delete();
        events.push(contactEvent([], [local.id]));
        return;
      }
      // Keep mine: the contact goes back to the server as a new one.
      const revived: Contact = { ...local, serverId: null, version: null, base: null, updatedAt: core.now() };
      await db.contacts.put(revived);
      await db.conflicts.where('contactId').equals(local.id).delete();
      await outbox.add(core.outboxEntry('contact', local.id, 'create', { ...contactFieldsOf(revived) }, {}) as OutboxEntry);
      events.push(contactEvent([revived], []));
      return;
    }
    if (choice === 'theirs') return;
    const top = topLevelField(conflict.field);
    const fields = contactFieldsOf(local);
    let value: unknown = conflict.localValue;
    if (top !== conflict.field) {
      const key = conflict.field.slice(top.length + 1);
      const map = { ...(fields[top] as Record<string, unknown>) };
      if (conflict.localValue === null && top === 'socialProfiles') delete map[key];
      else map[key] = conflict.localValue;
      value = map;
    }
    if (sameJsonValue(fields[top], value)) return;
    const next: Contact = { ...local, [top]: value, updatedAt: core.now() };
    await db.contacts.put(next);
    await outbox.add(core.outboxEntry('contact', local.id, 'update', { [top]: value }, { [top]: fields[top] }) as OutboxEntry);
    events.push(contactEvent([next], []));
  });
}

/**
 * "Discard" on a refused change: the row goes, and the contact goes back to what the server has
 * (a refused create: the contact is removed; a refused delete: the contact comes back).
 */
export function discardRejectedContact(ctx: SyncStoreContext, seq: number): Promise<void> {
  const { db, core } = ctx;
  const outbox = entryTable(db);
  return core.write([db.contacts, db.outbox, db.conflicts], async (events) => {
    const entry = await outbox.get(seq);
    if (!entry || entry.state !== 'rejected') return;
    await outbox.delete(seq);
    if (entry.entity !== CONTACT_ENTITY) return;
    const local = await db.contacts.get(entry.entityId);
    if (entry.op === 'create' && local && local.serverId === null) {
      await db.contacts.delete(local.id);
      await outbox.bulkDelete((await entriesOf(db, local.id)).map((e) => e.seq));
      events.push(contactEvent([], [local.id]));
    } else if (entry.op === 'update' && local) {
      const reverted: Record<string, unknown> = {};
      for (const key of Object.keys(entry.changes)) {
        reverted[key] = local.base ? contactField(local.base, key) : entry.baseValues[key];
      }
      const next: Contact = { ...local, ...reverted, updatedAt: core.now() };
      await db.contacts.put(next);
      events.push(contactEvent([next], []));
    } else if (entry.op === 'delete' && !local && typeof entry.baseValues.serverId === 'number') {
      const { serverId, version, ...recorded } = entry.baseValues;
      const fields = recordedContactFields(recorded);
      const at = core.now();
      const restored = {
        ...fields,
        id: entry.entityId,
        serverId: serverId,
        version: (version as number | null) ?? null,
        createdAt: at,
        updatedAt: at,
        lastActivityAt: null,
        base: fields,
      } satisfies Contact;
      await db.contacts.put(restored);
      events.push(contactEvent([restored], []));
    }
  });
}
