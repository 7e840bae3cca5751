import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttributeDefinition } from '../../../shared/records';
import {
  ATTRIBUTE_DESCRIPTION_MAX,
  checkAttributeDraft,
  checkListValue,
  suggestAttributeKey,
  type AttributeDraft,
} from './attributeDraft';

const definition = (fields: Partial<AttributeDefinition> & Pick<AttributeDefinition, 'id' | 'key'>): AttributeDefinition => ({
  displayName: fields.key,
  type: 'text',
  listValues: [],
  description: '',
  serverId: null,
  createdAt: 0,
  updatedAt: 0,
  ...fields,
});
const plan = definition({ id: 'p', key: 'plan', displayName: 'Plan', type: 'list', listValues: ['Free', 'Gold'] });
const seats = definition({ id: 's', key: 'seats', displayName: 'Seats', type: 'number' });
const stored = [plan, seats];

const draft = (fields: Partial<AttributeDraft>): AttributeDraft => ({
  displayName: 'Signed on',
  key: 'signed_on',
  type: 'date',
  listValues: [],
  pendingListValue: '',
  description: '',
  ...fields,
});

describe('suggestAttributeKey', () => {
  it.each([
    ['Fecha de alta', 'fecha_de_alta'],
    ['Número NIF', 'numero_nif'],
    ['  Plan (año) ', 'plan_ano'],
    ['Straße', 'strasse'],
    ['Œuvre', 'oeuvre'],
    ['ÅNGSTRÖM', 'angstrom'],
    ['e-mail', 'e_mail'],
    ['<script>alert(1)</script>', 'script_alert_1_script'],
    ['日本', ''],
    ['', ''],
    ['123', '123'],
    ['Email', 'email'],
  ])('%j → %j', (name, key) => expect(suggestAttributeKey(name)).toBe(key));

  it('always gives ASCII snake_case (or nothing), at most 255 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (name) => {
        const key = suggestAttributeKey(name);
        expect(key).toMatch(/^(?:[a-z0-9]+(?:_[a-z0-9]+)*)?$/);
        expect(key.length).toBeLessThanOrEqual(255);
      }),
    );
  });
});

describe('checkListValue', () => {
  it('adds normalised values, ignores blanks, refuses case-insensitive duplicates and overlong ones', () => {
    expect(checkListValue('  Gold\u200b  plus ', [])).toEqual({ ok: true, value: 'Gold plus' });
    expect(checkListValue('   ', [])).toEqual({ ok: 'empty' });
    expect(checkListValue('GOLD', ['Free', 'Gold'])).toEqual({
      ok: false,
      error: { ns: 'settings', code: 'list-value-duplicate', params: { value: 'GOLD' } },
    });
    expect(checkListValue('x'.repeat(256), []).ok).toBe(false);
  });
});

describe('checkAttributeDraft', () => {
  it('gives the fields to store, normalised', () => {
    expect(checkAttributeDraft(draft({ displayName: '  Signed\ton ', description: ' When\r\nthey signed ' }), stored)).toEqual({
      ok: true,
      fields: { displayName: 'Signed on', key: 'signed_on', type: 'date', listValues: [], description: 'When\nthey signed' },
    });
  });

  it.each(['email', 'Email', ' NAME ', 'phone_number', 'identifier', 'country_code', 'city', 'created_at', 'last_activity_at', 'blocked'])(
    'refuses the standard field key %j',
    (key) => {
      const check = checkAttributeDraft(draft({ key }), stored);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.errors.key).toMatchObject({ ns: 'validation', code: 'attribute-key-reserved' });
    },
  );

  it('refuses a key another definition has, in any case, naming it', () => {
    const check = checkAttributeDraft(draft({ key: 'PLAN' }), stored);
    expect(check).toEqual({
      ok: false,
      errors: { key: { ns: 'settings', code: 'key-taken', params: { key: 'plan', name: 'Plan' } } },
    });
  });

  it('asks for a display name and a key, and refuses a taken display name', () => {
    const check = checkAttributeDraft(draft({ displayName: ' \u200b', key: '' }), stored);
    expect(check).toEqual({
      ok: false,
      errors: { displayName: { ns: 'settings', code: 'name-required' }, key: { ns: 'settings', code: 'key-required' } },
    });
    const twin = checkAttributeDraft(draft({ displayName: 'seats' }), stored);
    expect(twin.ok === false && twin.errors.displayName).toEqual({ ns: 'settings', code: 'name-taken', params: { name: 'Seats' } });
  });

  it('refuses an unknown type and overlong fields', () => {
    const check = checkAttributeDraft(
      draft({ type: 'currency', displayName: 'n'.repeat(256), description: 'd'.repeat(ATTRIBUTE_DESCRIPTION_MAX + 1) }),
      stored,
    );
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.errors.type?.code).toBe('type-invalid');
      expect(check.errors.displayName?.code).toBe('too-long');
      expect(check.errors.description?.code).toBe('too-long');
    }
  });

  it('needs at least one list value, and keeps a value typed but not yet added', () => {
    const none = checkAttributeDraft(draft({ type: 'list' }), stored);
    expect(none.ok === false && none.errors.listValues).toEqual({ ns: 'settings', code: 'list-values-required' });
    const pending = checkAttributeDraft(draft({ type: 'list', listValues: ['Bronze'], pendingListValue: ' Silver ' }), stored);
    expect(pending.ok && pending.fields.listValues).toEqual(['Bronze', 'Silver']);
    const duplicate = checkAttributeDraft(draft({ type: 'list', listValues: ['Bronze'], pendingListValue: 'bronze' }), stored);
    expect(duplicate.ok === false && duplicate.errors.listValues?.code).toBe('list-value-duplicate');
    // Values of another type are not stored.
    const text = checkAttributeDraft(draft({ type: 'text', listValues: ['Bronze'] }), stored);
    expect(text.ok && text.fields.listValues).toEqual([]);
  });

  it('keeps the stored key and type when editing, whatever the draft says', () => {
    const check = checkAttributeDraft(
      draft({ displayName: 'Plan', key: 'email', type: 'number', listValues: ['Gold'] }),
      stored,
      plan,
    );
    expect(check).toEqual({
      ok: true,
      fields: { displayName: 'Plan', key: 'plan', type: 'list', listValues: ['Gold'], description: '' },
    });
  });

  it('never lets a reserved or taken key through, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom('', ' ', 'E', '_'), (key, pad) => {
        const check = checkAttributeDraft(draft({ key: pad + key + pad }), stored);
        if (!check.ok) return;
        const lower = check.fields.key.trim().toLowerCase();
        expect(['email', 'name', 'plan', 'seats', 'blocked', 'city']).not.toContain(lower);
        expect(check.fields.key).toBe(check.fields.key.trim());
        expect(check.fields.key).not.toBe('');
      }),
    );
  });
});
