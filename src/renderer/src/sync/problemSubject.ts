import type { OutboxEntry } from '../../../shared/records';

/**
 * What a refused change is about, in words (the "Sync problems" list): the i18n key under
 * `sync:problems` and its values — "Note on “Ana García”", "Label “vip”", "Segment “Gold”".
 */
export interface ProblemSubject {
  /** `change.create`, `note.update`, `label.delete`… */
  key: string;
  name: string;
  fields: string[];
}

/** What the dialog can look up about the row's record (each may answer undefined: the record is gone). */
export interface ProblemLookup {
  contactName(contactId: string): Promise<string | undefined>;
  /** A note's contact id. */
  noteContactId(noteId: string): Promise<string | undefined>;
  /** The current title / display name / name of a label, definition or segment. */
  recordName(entity: 'label' | 'attributeDefinition' | 'segment', id: string): Promise<string | undefined>;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

export async function problemSubject(entry: OutboxEntry, lookup: ProblemLookup): Promise<ProblemSubject> {
  const fromRow = (key: string) => text(entry.changes[key]) ?? text(entry.baseValues[key]);
  const fields = Object.keys(entry.changes);
  switch (entry.entity) {
    case 'contact':
      return { key: `change.${entry.op}`, name: (await lookup.contactName(entry.entityId)) ?? fromRow('name') ?? '', fields };
    case 'note':
    case 'message': {
      const contactId = (entry.entity === 'note' ? await lookup.noteContactId(entry.entityId) : undefined) ?? fromRow('contactId');
      const name = contactId ? await lookup.contactName(contactId) : undefined;
      return { key: `${entry.entity}.${entry.op}`, name: name ?? '', fields };
    }
    case 'label':
      return { key: `label.${entry.op}`, name: (await lookup.recordName('label', entry.entityId)) ?? fromRow('title') ?? '', fields };
    case 'attributeDefinition':
      return {
        key: `attributeDefinition.${entry.op}`,
        name: (await lookup.recordName('attributeDefinition', entry.entityId)) ?? fromRow('displayName') ?? fromRow('key') ?? '',
        fields,
      };
    case 'segment':
      return { key: `segment.${entry.op}`, name: (await lookup.recordName('segment', entry.entityId)) ?? fromRow('name') ?? '', fields };
  }
}
