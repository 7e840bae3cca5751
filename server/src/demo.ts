/** `--demo N`: generated contacts (src/shared/demo) with labels, notes, custom attributes and inboxes. */
import { DEMO_ATTRIBUTE_DEFINITIONS, generateContacts } from '../../src/shared/demo/contacts';
import { ChangeRecorder } from './changes';
import { insertContact } from './contacts/routes';
import { contactToValues } from './contacts/wire';
import { returnedRow, type Database } from './db/database';
import { createInbox } from './inboxes/routes';
import type { ChannelKind } from './inboxes/model';

const DEMO_INBOXES: readonly { name: string; kind: ChannelKind }[] = [
  { name: 'Soporte (email)', kind: 'email' },
  { name: 'SMS', kind: 'sms' },
  { name: 'WhatsApp', kind: 'whatsapp' },
  { name: 'Web', kind: 'website' },
  { name: 'API', kind: 'api' },
];

const DEMO_NOTES = [
  '**Prefiere** seguimiento por email.',
  'Llamar antes de la renovación:\n\n- revisar plan\n- ofrecer formación',
  'Pidió factura con datos fiscales nuevos.',
];

/** Rows per transaction: small enough to keep each commit short, large enough to amortise it. */
const DEMO_CHUNK = 500;

export interface DemoResult {
  contacts: number;
  notes: number;
  inboxes: number;
}

/** Seeds `count` demo contacts into an account that has none yet; does nothing otherwise. */
export async function seedDemo(db: Database, accountId: number, userId: number, count: number, seed = 1): Promise<DemoResult> {
  const existing = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM contacts WHERE account_id = $1', [accountId]);
  if (returnedRow(existing.rows, 'SELECT count(*)').count > 0) return { contacts: 0, notes: 0, inboxes: 0 };
  let notes = 0;
  const inboxCount = await db.transaction(async (tx) => {
    const changes = await ChangeRecorder.lock(tx, accountId);
    const inboxes = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM inboxes WHERE account_id = $1', [accountId]);
    let created = 0;
    if (returnedRow(inboxes.rows, 'SELECT count(*)').count === 0) {
      for (const inbox of DEMO_INBOXES) await createInbox(tx, accountId, inbox.name, inbox.kind);
      created = DEMO_INBOXES.length;
    }
    for (const definition of DEMO_ATTRIBUTE_DEFINITIONS) {
      const { rows } = await tx.query<{ id: number; version: number }>(
        `INSERT INTO custom_attribute_definitions (account_id, attribute_display_name, attribute_key, attribute_display_type, attribute_model, attribute_values)
         VALUES ($1, $2, $3, $4, 1, $5::jsonb) ON CONFLICT DO NOTHING RETURNING id, version`,
        [accountId, definition.displayName, definition.key, definition.type === 'list' ? 6 : 1, JSON.stringify(definition.values)],
      );
      if (rows[0]) await changes.record('custom_attribute_definition', rows[0].id, 'upsert', rows[0].version);
    }
    await changes.flush();
    return created;
  });
  for (let start = 0; start < count; start += DEMO_CHUNK) {
    const chunk = generateContacts(Math.min(DEMO_CHUNK, count - start), { seed, startIndex: start });
    await db.transaction(async (tx) => {
      const changes = await ChangeRecorder.lock(tx, accountId);
      for (const [offset, contact] of chunk.entries()) {
        const row = await insertContact(tx, accountId, contactToValues(contact), {
          labels: contact.labels,
          createdAt: new Date(contact.createdAt),
          lastActivityAt: contact.lastActivityAt === null ? null : new Date(contact.lastActivityAt),
        });
        await changes.record('contact', row.id, 'upsert', row.version);
        if (row.labels.length > 0) await changes.record('contact_labels', row.id, 'upsert', row.labels_version);
        if ((start + offset) % 5 === 0) {
          const note = await tx.query<{ id: number; version: number }>(
            'INSERT INTO notes (account_id, contact_id, user_id, content, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id, version',
            [accountId, row.id, userId, DEMO_NOTES[(start + offset) % DEMO_NOTES.length], new Date(contact.createdAt)],
          );
          const created = returnedRow(note.rows, 'INSERT INTO notes');
          await changes.record('note', created.id, 'upsert', created.version);
          notes += 1;
        }
      }
      await changes.flush();
    });
  }
  return { contacts: count, notes, inboxes: inboxCount };
}
