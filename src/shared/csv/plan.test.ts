import { describe, expect, it } from 'vitest';
import { ImportPlanner, countPlan, emptyTotals, mergePatch, type ExistingContactKeys, type RowPlan } from './plan';
import { autoMapping } from './mapping';
import { validateRow } from './rows';
import { emptyContactFields } from '../contact';

const header = ['name', 'email', 'phone_number', 'identifier', 'labels', 'city'];
const mapping = autoMapping(header);

function planner(existing: ExistingContactKeys[] = [], policy: 'update' | 'skip' = 'update') {
  let n = 0;
  return new ImportPlanner(existing, { policy, newId: () => `new-${++n}` });
}

function plan(p: ImportPlanner, line: number, cells: string[]): RowPlan {
  return p.plan(line, validateRow(cells, header.length, { mapping, defaultCountry: 'ES' }));
}

const ana: ExistingContactKeys = { id: 'ana', name: 'Ana', email: 'ana@x.es', phone: '+34612345678', identifier: 'A-1' };

describe('ImportPlanner', () => {
  it('matches existing contacts by identifier, then email (any case), then phone', () => {
    const p = planner([ana, { id: 'bea', name: 'Bea', email: 'bea@x.es', phone: null, identifier: null }]);
    expect(plan(p, 2, ['Ana 2', '', '', 'A-1', '', ''])).toMatchObject({ kind: 'update', id: 'ana', existing: true });
    expect(plan(p, 3, ['', 'BEA@X.ES', '', '', '', 'Sevilla'])).toMatchObject({ kind: 'update', id: 'bea', patch: { email: 'bea@x.es', city: 'Sevilla' } });
    expect(plan(p, 4, ['', '', '612 345 678', '', '', ''])).toMatchObject({ kind: 'update', id: 'ana' });
  });

  it('skips existing contacts under "Skip existing", but still merges rows of the file', () => {
    const p = planner([ana], 'skip');
    expect(plan(p, 2, ['', 'ana@x.es', '', '', '', ''])).toMatchObject({ kind: 'skip', id: 'ana' });
    expect(plan(p, 3, ['Luis', 'luis@x.es', '', '', '', ''])).toMatchObject({ kind: 'create', id: 'new-1' });
    expect(plan(p, 4, ['', 'LUIS@x.es', '', '', 'vip', ''])).toMatchObject({ kind: 'update', id: 'new-1', existing: false });
  });

  it('does not merge different people who share a phone: the later ones are created without it', () => {
    const p = planner();
    expect(plan(p, 2, ['Nancey', 'n@x.com', '+15417543011', 'id-1', '', ''])).toMatchObject({ kind: 'create', fields: { phone: '+15417543011' } });
    const second = plan(p, 3, ['Sibel', 's@x.com', '+15417543011', 'id-2', '', '']);
    expect(second).toMatchObject({
      kind: 'create',
      fields: { phone: null, email: 's@x.com' },
      warnings: [{ field: 'phone', code: 'phone-taken', params: { name: 'Nancey', line: 2 } }],
    });
  });

  it('refuses a weaker match when a stronger key disagrees, and keeps the value with its holder', () => {
    const p = planner([ana]);
    // Same email as Ana but another identifier: another person; the email stays Ana's.
    const row = plan(p, 2, ['Impostor', 'ana@x.es', '', 'B-2', '', '']);
    expect(row).toMatchObject({ kind: 'create', fields: { email: null, identifier: 'B-2' }, warnings: [{ field: 'email', code: 'email-taken', params: { id: 'ana' } }] });
  });

  it('fails a row that is left with nothing to identify it', () => {
    const p = planner([ana]);
    expect(plan(p, 2, ['', 'ana@x.es', '', 'B-2', '', ''])).toMatchObject({
      kind: 'fail',
      errors: [{ code: 'email-taken' }, { code: 'required-one-of' }],
    });
  });

  it('never lets an update take a value another contact holds', () => {
    const bea = { id: 'bea', name: 'Bea', email: 'bea@x.es', phone: '+34699999999', identifier: null };
    const p = planner([ana, bea]);
    // Identifier says Ana; the phone belongs to Bea: Ana is updated without it.
    expect(plan(p, 2, ['', '', '699 999 999', 'A-1', '', 'Cádiz'])).toMatchObject({
      kind: 'update',
      id: 'ana',
      patch: { city: 'Cádiz' },
      warnings: [{ field: 'phone', code: 'phone-taken' }],
    });
  });

  it('moves a claim when an update changes a contact’s email', () => {
    const p = planner([ana]);
    expect(plan(p, 2, ['', 'new@x.es', '', 'A-1', '', ''])).toMatchObject({ kind: 'update', id: 'ana' });
    // The old email is free now; a new contact may take it.
    expect(plan(p, 3, ['Other', 'ana@x.es', '', '', '', ''])).toMatchObject({ kind: 'create', fields: { email: 'ana@x.es' }, warnings: [] });
    expect(plan(p, 4, ['', 'new@x.es', '', '', '', 'Toledo'])).toMatchObject({ kind: 'update', id: 'ana' });
  });

  it('never creates two contacts with the same email, phone or identifier (random files)', () => {
    const emails = ['a@x.es', 'b@x.es', 'c@x.es', ''];
    const phones = ['+34612345678', '+34612345679', ''];
    const ids = ['I1', 'I2', ''];
    let seed = 7;
    const pick = <T,>(values: T[]) => values[(seed = (seed * 1103515245 + 12345) % 2147483648) % values.length]!;
    for (let round = 0; round < 200; round++) {
      const p = planner(round % 2 ? [ana] : []);
      const stored = new Map<string, { email: string | null; phone: string | null; identifier: string | null }>();
      if (round % 2) stored.set('ana', { email: ana.email, phone: ana.phone, identifier: ana.identifier });
      for (let line = 2; line < 14; line++) {
        const result = plan(p, line, [`N${line}`, pick(emails), pick(phones), pick(ids), '', '']);
        if (result.kind === 'create') stored.set(result.id, { email: result.fields.email, phone: result.fields.phone, identifier: result.fields.identifier });
        if (result.kind === 'update') {
          const current = stored.get(result.id)!;
          for (const key of ['email', 'phone', 'identifier'] as const) if (result.patch[key]) current[key] = result.patch[key]!;
        }
      }
      for (const key of ['email', 'phone', 'identifier'] as const) {
        const values = [...stored.values()].map((c) => c[key]).filter((v) => v !== null);
        expect(new Set(values).size).toBe(values.length);
      }
    }
  });

  it('counts totals', () => {
    const p = planner([ana]);
    const totals = emptyTotals();
    for (const cells of [
      ['Luis', 'l@x.es', '', '', '', ''],
      ['', 'L@x.es', '', '', '', ''],
      ['', 'ana@x.es', '', '', '', ''],
      ['', 'bad', '', '', '', ''],
      ['Sibel', 's@x.es', '612345678', '', '', ''],
    ])
      countPlan(totals, plan(p, 2, cells));
    expect(totals).toEqual({ rows: 5, create: 2, update: 1, merge: 1, skip: 0, fail: 1, warn: 1 });
  });
});

describe('mergePatch', () => {
  it('overwrites with non-empty values and adds labels and attributes', () => {
    const current = { ...emptyContactFields(), name: 'Ana', city: 'Madrid', labels: ['vip'], customAttributes: { plan: 'pro' } };
    expect(mergePatch(current, { city: 'Sevilla', labels: ['lead', 'vip'], customAttributes: { seats: 3 } })).toMatchObject({
      name: 'Ana',
      city: 'Sevilla',
      labels: ['vip', 'lead'],
      customAttributes: { plan: 'pro', seats: 3 },
    });
  });
});
