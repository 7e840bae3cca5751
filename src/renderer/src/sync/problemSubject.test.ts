import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../shared/records';
import en from '../i18n/locales/en/sync.json';
import es from '../i18n/locales/es/sync.json';
import { problemSubject, type ProblemLookup } from './problemSubject';

const row = (patch: Partial<OutboxEntry>): OutboxEntry => ({
  seq: 1,
  entity: 'contact',
  entityId: 'x',
  op: 'create',
  changes: {},
  baseValues: {},
  idempotencyKey: 'k',
  attempts: 1,
  state: 'rejected',
  lastError: 'Nope',
  createdAt: 0,
  ...patch,
});

const lookup: ProblemLookup = {
  contactName: async (id) => (id === 'ana' ? 'Ana García' : undefined),
  noteContactId: async (id) => (id === 'n1' ? 'ana' : undefined),
  recordName: async (entity, id) => (entity === 'label' && id === 'l1' ? 'vip' : undefined),
};

describe('problemSubject', () => {
  it('names the record in words for every kind of row, from the record or else the row', async () => {
    expect(await problemSubject(row({ entity: 'note', entityId: 'n1', op: 'update', changes: { bodyMarkdown: 'x' } }), lookup)).toEqual({ key: 'note.update', name: 'Ana García', fields: ['bodyMarkdown'] });
    // The note is gone (a refused delete): its contact comes from the row.
    expect(await problemSubject(row({ entity: 'note', entityId: 'gone', op: 'delete', baseValues: { contactId: 'ana' } }), lookup)).toMatchObject({ key: 'note.delete', name: 'Ana García' });
    expect(await problemSubject(row({ entity: 'label', entityId: 'l1', op: 'update', changes: { color: '#000000' } }), lookup)).toEqual({ key: 'label.update', name: 'vip', fields: ['color'] });
    expect(await problemSubject(row({ entity: 'label', entityId: 'l2', op: 'delete', baseValues: { title: 'old' } }), lookup)).toMatchObject({ name: 'old' });
    expect(await problemSubject(row({ entity: 'attributeDefinition', entityId: 'd', changes: { key: 'plan', displayName: 'Plan' } }), lookup)).toMatchObject({ key: 'attributeDefinition.create', name: 'Plan' });
    expect(await problemSubject(row({ entity: 'segment', entityId: 's', changes: { name: 'Gold' } }), lookup)).toMatchObject({ key: 'segment.create', name: 'Gold' });
    expect(await problemSubject(row({ entity: 'message', entityId: 'm', changes: { contactId: 'ana' } }), lookup)).toMatchObject({ key: 'message.create', name: 'Ana García' });
    expect(await problemSubject(row({ entity: 'contact', entityId: 'ana', op: 'update' }), lookup)).toMatchObject({ key: 'change.update', name: 'Ana García' });
    expect(await problemSubject(row({ entity: 'contact', entityId: 'zz', changes: { name: 'Bob' } }), lookup)).toMatchObject({ name: 'Bob' });
  });

  it('every key it can produce exists in English and Spanish', () => {
    const entities = ['change', 'note', 'message', 'label', 'attributeDefinition', 'segment'];
    for (const locale of [en, es]) {
      const problems = locale.problems as unknown as Record<string, Record<string, string>>;
      for (const entity of entities) for (const op of ['create', 'update', 'delete']) expect(problems[entity]?.[op], `${entity}.${op}`).toMatch(/\{\{name\}\}/);
    }
  });
});
