import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributeDefinitionSchema,
  isValidLabelTitle,
  labelSchema,
  normalizeLabelColor,
  normalizeLabelList,
  normalizeLabelTitle,
  noteSchema,
  segmentSchema,
} from './records';

const id = '3f1c2a4e-8b7d-4c6e-9a10-1b2c3d4e5f60';

describe('label helpers', () => {
  it('normalise titles to trimmed lower case and validate Chatwoot’s character set', () => {
    expect(normalizeLabelTitle('  VIP ')).toBe('vip');
    expect(isValidLabelTitle('señal_1-b')).toBe(true);
    for (const bad of ['', 'two words', 'a,b', 'x'.repeat(256), 'emoji🙂', 'tab\t'])
      expect(isValidLabelTitle(bad)).toBe(false);
  });

  it('normalizeLabelList is idempotent, drops empties and keeps first occurrences in order', () => {
    expect(normalizeLabelList(['B', 'a', ' b ', '', '  ', 'A'])).toEqual(['b', 'a']);
    fc.assert(
      fc.property(fc.array(fc.string()), (labels) => {
        const once = normalizeLabelList(labels);
        expect(normalizeLabelList(once)).toEqual(once);
        expect(new Set(once).size).toBe(once.length);
        expect(once.every((t) => t !== '' && t === t.trim().toLowerCase())).toBe(true);
      }),
    );
  });

  it('normalizeLabelColor accepts only #rrggbb', () => {
    expect(normalizeLabelColor(' #A1B2C3 ')).toBe('#a1b2c3');
    for (const bad of ['#abc', 'a1b2c3', '#a1b2c3d', '#ggg000', 'red', ''])
      expect(normalizeLabelColor(bad)).toBeNull();
  });
});

describe('record schemas', () => {
  const times = { createdAt: 1, updatedAt: 2, serverId: null };

  it('accept well-formed records', () => {
    expect(
      labelSchema.safeParse({ id, title: 'vip', color: '#1f93ff', description: '', ...times }).success,
    ).toBe(true);
    expect(
      attributeDefinitionSchema.safeParse({
        id,
        key: 'plan',
        displayName: 'Plan',
        type: 'list',
        listValues: ['gold'],
        description: '',
        ...times,
      }).success,
    ).toBe(true);
    expect(
      segmentSchema.safeParse({ id, name: 'Gold', query: { payload: [{ attribute_key: 'plan' }] }, ...times })
        .success,
    ).toBe(true);
    expect(
      noteSchema.safeParse({
        id,
        contactId: id,
        bodySlate: [{ type: 'paragraph', children: [{ text: 'hi' }] }],
        bodyMarkdown: 'hi',
        author: { name: 'Ana' },
        version: null,
        base: null,
        ...times,
      }).success,
    ).toBe(true);
  });

  it('reject upper-case label titles, bad colours, unknown attribute types and a query without payload', () => {
    expect(
      labelSchema.safeParse({ id, title: 'VIP', color: '#1f93ff', description: '', ...times }).success,
    ).toBe(false);
    expect(
      labelSchema.safeParse({ id, title: 'vip', color: '#1F93FF', description: '', ...times }).success,
    ).toBe(false);
    expect(
      labelSchema.safeParse({ id: 'not-a-uuid', title: 'vip', color: '#1f93ff', description: '', ...times })
        .success,
    ).toBe(false);
    expect(
      attributeDefinitionSchema.safeParse({
        id,
        key: 'p',
        displayName: 'P',
        type: 'currency',
        listValues: [],
        description: '',
        ...times,
      }).success,
    ).toBe(false);
    expect(segmentSchema.safeParse({ id, name: 'x', query: [], ...times }).success).toBe(false);
    expect(
      segmentSchema.safeParse({ id, name: 'x', query: { payload: [] }, ...times, serverId: -1 }).success,
    ).toBe(false);
  });
});
