import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from './contact';
import { contactShapeProblem, RECORD } from './contact-shape';

const good: Contact = { ...emptyContactFields(), name: 'Ana', id: 'a', serverId: null, createdAt: 1, lastActivityAt: null, updatedAt: 1, version: null, base: null };

describe('which stored contacts the app can use (issue 17)', () => {
  it('accepts a contact, an older row without the newer optional fields, and a synced one with its base', () => {
    expect(contactShapeProblem(good)).toBeNull();
    const { countryCode: _c, blocked: _b, socialProfiles: _s, ...older } = good;
    expect(contactShapeProblem(older)).toBeNull();
    expect(contactShapeProblem({ ...good, serverId: 4, version: 2, base: { ...emptyContactFields(), name: 'Ana', labels: ['vip'] } })).toBeNull();
  });

  it('names the first field it cannot use', () => {
    expect(contactShapeProblem(null)).toBe(RECORD);
    expect(contactShapeProblem([good])).toBe(RECORD);
    expect(contactShapeProblem({ ...good, id: 7 })).toBe('id');
    expect(contactShapeProblem({ ...good, labels: 'vip' })).toBe('labels');
    expect(contactShapeProblem({ ...good, labels: ['vip', 3] })).toBe('labels');
    expect(contactShapeProblem({ ...good, name: null })).toBe('name');
    expect(contactShapeProblem({ ...good, email: 5 })).toBe('email');
    expect(contactShapeProblem({ ...good, customAttributes: { plan: { nested: true } } })).toBe('customAttributes');
    expect(contactShapeProblem({ ...good, customAttributes: null })).toBe('customAttributes');
    expect(contactShapeProblem({ ...good, socialProfiles: 'x' })).toBe('socialProfiles');
    expect(contactShapeProblem({ ...good, blocked: 'no' })).toBe('blocked');
    expect(contactShapeProblem({ ...good, createdAt: '2024-01-01' })).toBe('createdAt');
    expect(contactShapeProblem({ ...good, serverId: '4' })).toBe('serverId');
    expect(contactShapeProblem({ ...good, base: 'x' })).toBe('base');
    expect(contactShapeProblem({ ...good, base: { ...emptyContactFields(), labels: null } })).toBe('base.labels');
  });

  it('accepts every well-typed contact (property)', () => {
    const text = fc.option(fc.string(), { nil: null });
    fc.assert(
      fc.property(
        fc.record({ name: fc.string(), email: text, city: text, labels: fc.array(fc.string()), attributes: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null))) }),
        ({ name, email, city, labels, attributes }) => {
          expect(contactShapeProblem({ ...good, name, email, city, labels, customAttributes: attributes })).toBeNull();
        },
      ),
    );
  });
});
