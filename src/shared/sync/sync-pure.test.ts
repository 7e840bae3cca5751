import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SOCIAL_NETWORKS, emptyContactFields, type ContactFields } from '../contact';
import { allCountries, resolveCountry } from '../countries';
import { BACKOFF_CAP_MS, backoffDelay, parseRetryAfter, retryDelay } from './backoff';
import { classifyAnswer, classifyThrown, serverMessage } from './errors';
import { mergeContact, mergeLabels, sameJsonValue } from './merge3';
import { coalesceOutbox, sendableByRecord } from './outbox';
import { contactFromJson, contactOfResponse, contactWriteRequest, parseContactJson } from './wire';

// ---------------------------------------------------------------------------------------------
// Arbitraries

const maybeText = fc.option(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== ''), { nil: null });
const labelTitle = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);
const customValue = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
const fieldsArb: fc.Arbitrary<ContactFields> = fc.record({
  name: fc.string({ maxLength: 12 }),
  email: fc.option(fc.stringMatching(/^[a-z0-9]{1,6}@[a-z]{1,5}\.test$/), { nil: null }),
  phone: fc.option(fc.stringMatching(/^\+[1-9]\d{6,12}$/), { nil: null }),
  identifier: maybeText,
  company: maybeText,
  city: maybeText,
  // A name that resolves to a country always travels with its code (validation and the wire give it one).
  country: maybeText.filter((text) => text === null || resolveCountry(text) === undefined),
  // What validation lets a stored contact hold: an ISO 3166-1 alpha-2 code ("UK" is not one: it reads as GB).
  countryCode: fc.option(fc.constantFrom(...allCountries().map((country) => country.code)), { nil: null }),
  description: maybeText,
  socialProfiles: fc.dictionary(fc.constantFrom(...SOCIAL_NETWORKS), fc.string({ minLength: 1, maxLength: 8 })),
  labels: fc.uniqueArray(labelTitle, { maxLength: 4 }),
  customAttributes: fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), customValue, { maxKeys: 4 }),
  blocked: fc.boolean(),
});

/** What a Chatwoot-compatible server stores after a create request: the body applied to an empty record. */
function applyRequestToServer(server: Record<string, unknown>, request: ReturnType<typeof contactWriteRequest>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...server, additional_attributes: { ...(server.additional_attributes as object) }, custom_attributes: { ...(server.custom_attributes as object) } };
  const body = request.body ?? {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'additional_attributes' || key === 'custom_attributes') Object.assign(next[key] as object, value);
    else next[key] = value;
  }
  const custom = next.custom_attributes as Record<string, unknown>;
  for (const key of request.removedCustomKeys) delete custom[key];
  if (request.labels) next.labels = request.labels;
  return next;
}

describe('wire mapping', () => {
  it.each([
    ['España', 'ES'],
    ['United Kingdom', 'GB'],
    ['EE. UU.', 'US'],
    ['Perú', 'PE'],
  ])('gives a contact the server keeps only by country name (%s) its code, keeping the name', (country, code) => {
    const contact = contactFromJson({ id: 1, name: 'Ana', additional_attributes: { country } });
    expect(contact.fields).toMatchObject({ country, countryCode: code });
  });

  it('keeps an unknown country name as text without inventing a code', () => {
    const contact = contactFromJson({ id: 1, name: 'Ana', additional_attributes: { country: 'Españia' } });
    expect(contact.fields).toMatchObject({ country: 'Españia', countryCode: null });
  });

  it('reads Chatwoot JSON: seconds to ms, additional attributes, lower-cased email', () => {
    const contact = contactFromJson({
      id: 7,
      name: 'Ana',
      email: 'Ana@X.test',
      phone_number: '+34600000000',
      identifier: null,
      additional_attributes: { company_name: 'Acme', city: 'Madrid', country: 'Spain', country_code: 'es', social_profiles: { github: 'ana', myspace: 'x' } },
      custom_attributes: { plan: 'pro', seats: 3, nested: { a: 1 } },
      created_at: 1_700_000_000,
      last_activity_at: 1_700_000_100,
      version: 4,
    });
    expect(contact.fields).toMatchObject({ email: 'ana@x.test', company: 'Acme', city: 'Madrid', country: 'Spain', countryCode: 'ES' });
    expect(contact.fields.socialProfiles).toEqual({ github: 'ana' });
    expect(contact.fields.customAttributes).toEqual({ plan: 'pro', seats: 3, nested: '{"a":1}' });
    expect(contact.createdAt).toBe(1_700_000_000_000);
    expect(contact.lastActivityAt).toBe(1_700_000_100_000);
    expect(contact.version).toBe(4);
    expect(contact.labelsKnown).toBe(false);
  });

  it('refuses bodies that are not contacts', () => {
    for (const bad of [null, 3, 'x', {}, { id: 'seven' }, { id: -1 }, { id: 1, name: 5 }, { id: 1, labels: 'a' }]) {
      expect(parseContactJson(bad)).toBeNull();
    }
    expect(contactOfResponse({ payload: { contact: { id: 3, name: 'x' } } })?.serverId).toBe(3);
    expect(contactOfResponse({ payload: { id: 4, name: 'x' } })?.serverId).toBe(4);
    expect(contactOfResponse({ payload: [] })).toBeNull();
  });

  it('a create request, applied by a Chatwoot-like server and read back, gives the same fields (property)', () => {
    fc.assert(
      fc.property(fieldsArb, (fields) => {
        const stored = applyRequestToServer({ id: 1, additional_attributes: {}, custom_attributes: {} }, contactWriteRequest(fields, null));
        expect(parseContactJson(stored)?.fields).toEqual({ ...fields, email: fields.email?.toLowerCase() ?? null });
      }),
    );
  });

  it('an update request sends only the changed fields and round-trips (property)', () => {
    fc.assert(
      fc.property(fieldsArb, fieldsArb, fc.uniqueArray(fc.constantFrom(...(Object.keys(emptyContactFields()) as (keyof ContactFields)[]))), (before, after, keys) => {
        const changes: Partial<ContactFields> = {};
        for (const key of keys) (changes as Record<string, unknown>)[key] = after[key];
        const serverBefore = applyRequestToServer({ id: 1, additional_attributes: {}, custom_attributes: {} }, contactWriteRequest(before, null));
        const request = contactWriteRequest(changes, before);
        const expected = { ...before, ...changes };
        expect(parseContactJson(applyRequestToServer(serverBefore, request))?.fields).toEqual(expected);
        // Nothing outside `changes` is in the body.
        const sent = Object.keys(request.body ?? {});
        const allowed = new Set(['name', 'email', 'phone_number', 'identifier', 'blocked', 'additional_attributes', 'custom_attributes']);
        expect(sent.every((key) => allowed.has(key))).toBe(true);
        if (!('name' in changes)) expect(sent).not.toContain('name');
        if (!('customAttributes' in changes)) expect(request.removedCustomKeys).toEqual([]);
        if (!('labels' in changes)) expect(request.labels).toBeNull();
      }),
    );
  });

  it('a removed custom attribute is destroyed, not sent as null', () => {
    const before = { ...emptyContactFields(), customAttributes: { a: 1, b: 2 } };
    const request = contactWriteRequest({ customAttributes: { a: 1 } }, before);
    expect(request.removedCustomKeys).toEqual(['b']);
    expect(request.body).toBeNull();
  });

  it('removing an attribute named "constructor" destroys it on the server; adding one sends it (issue 17)', () => {
    const before = { ...emptyContactFields(), customAttributes: { constructor: 'Acme', plan: 'pro' } };
    expect(contactWriteRequest({ customAttributes: { plan: 'pro' } }, before).removedCustomKeys).toEqual(['constructor']);
    const added = contactWriteRequest({ customAttributes: { toString: 'x' } }, { ...emptyContactFields(), customAttributes: {} });
    expect(added.body).toEqual({ custom_attributes: { toString: 'x' } });
  });

  it('a synced name with a right-to-left override is kept without it, so the grid cannot show it reversed (issue 17)', () => {
    const contact = contactFromJson({ id: 9, name: 'live \u202Egpj.exe', email: 'ev\u200Be@x.test', additional_attributes: { city: '\u2066Lima\u2069' }, custom_attributes: { note: 'a\u200Fb' } });
    expect(contact.fields).toMatchObject({ name: 'live gpj.exe', email: 'eve@x.test', city: 'Lima', customAttributes: { note: 'ab' } });
  });

  it('no invisible or bidi-control character survives the wire into any synced text field (issue 17)', () => {
    const invisible = fc.constantFrom('\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u061C', '\uFEFF', '\u2060');
    const spiked = fc
      .tuple(fc.stringMatching(/^[a-z]{1,6}$/), invisible, fc.stringMatching(/^[a-z]{0,6}$/))
      .map(([head, mark, tail]) => head + mark + tail);
    const BIDI_OR_ZERO_WIDTH = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
    fc.assert(
      fc.property(spiked, spiked, spiked, spiked, (name, email, company, attribute) => {
        const { fields } = contactFromJson({
          id: 1,
          name,
          email: `${email}@x.test`,
          identifier: name,
          phone_number: company,
          additional_attributes: { company_name: company, city: name, country: company, description: name, social_profiles: { github: attribute } },
          custom_attributes: { plan: attribute },
        });
        const texts = [fields.name, fields.email, fields.identifier, fields.phone, fields.company, fields.city, fields.country, fields.description, fields.socialProfiles.github, fields.customAttributes.plan];
        for (const value of texts) expect(String(value)).not.toMatch(BIDI_OR_ZERO_WIDTH);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('three-way merge', () => {
  it('merges attributes named like Object.prototype members on their own values (issue 17)', () => {
    const base = { ...emptyContactFields(), customAttributes: {} };
    const local = { ...emptyContactFields(), customAttributes: { plan: 'pro' } };
    const server = { ...emptyContactFields(), customAttributes: { constructor: 'Acme', toString: 'x' } };
    const merged = mergeContact(base, local, server);
    expect(merged.conflicts).toEqual([]);
    expect(merged.merged.customAttributes).toEqual({ plan: 'pro', constructor: 'Acme', toString: 'x' });
    expect(Object.hasOwn(mergeContact(base, local, { ...server, customAttributes: {} }).merged.customAttributes, 'constructor')).toBe(false);
  });

  it('keeps both sides’ changes to different fields', () => {
    const base = { ...emptyContactFields(), name: 'Ana', city: 'Madrid', customAttributes: { plan: 'free' } };
    const local = { ...base, name: 'Ana María', customAttributes: { plan: 'free', seats: 2 } };
    const server = { ...base, city: 'Sevilla', customAttributes: { plan: 'pro' } };
    const result = mergeContact(base, local, server);
    expect(result.merged).toMatchObject({ name: 'Ana María', city: 'Sevilla', customAttributes: { plan: 'pro', seats: 2 } });
    expect(result.conflicts).toEqual([]);
    expect(result.localOnly.sort()).toEqual(['customAttributes.seats', 'name']);
  });

  it('the same field changed on both sides keeps the server value and reports a conflict', () => {
    const base = { ...emptyContactFields(), email: 'a@x.test', customAttributes: { plan: 'free' } };
    const result = mergeContact(base, { ...base, email: 'mine@x.test', customAttributes: { plan: 'basic' } }, { ...base, email: 'theirs@x.test', customAttributes: { plan: 'pro' } });
    expect(result.merged.email).toBe('theirs@x.test');
    expect(result.conflicts).toEqual([
      { field: 'email', localValue: 'mine@x.test', serverValue: 'theirs@x.test' },
      { field: 'customAttributes.plan', localValue: 'basic', serverValue: 'pro' },
    ]);
  });

  it('labels merge as sets: local additions and removals replayed on the server list', () => {
    expect(mergeLabels(['a', 'b'], ['b', 'c'], ['a', 'b', 'd'])).toEqual(['b', 'd', 'c']);
    expect(mergeLabels([], ['x'], ['y'])).toEqual(['y', 'x']);
  });

  it('properties: identity, one-sided changes, conflicts only where both sides changed', () => {
    fc.assert(
      fc.property(fieldsArb, fieldsArb, fieldsArb, (base, local, server) => {
        expect(withoutNulls(mergeContact(base, local, base).merged)).toEqual(withoutNulls(normalizeOrder(local, base)));
        const serverOnly = mergeContact(base, base, server);
        expect(serverOnly.conflicts).toEqual([]);
        expect(sameJsonValue(withoutNulls(serverOnly.merged), withoutNulls(server))).toBe(true);
        const same = mergeContact(base, server, server);
        expect(same.conflicts).toEqual([]);
        expect(same.localOnly).toEqual([]);
        const result = mergeContact(base, local, server);
        for (const conflict of result.conflicts) {
          expect(sameJsonValue(conflict.localValue, conflict.serverValue)).toBe(false);
        }
        // Every merged scalar is one side's value.
        for (const key of ['name', 'email', 'phone', 'city', 'blocked'] as const) {
          expect([local[key], server[key]]).toContainEqual(result.merged[key]);
        }
        // No local change is lost: it is merged, or recorded as a conflict.
        for (const key of ['name', 'email', 'phone', 'city', 'blocked'] as const) {
          if (sameJsonValue(local[key], base[key])) continue;
          const kept = sameJsonValue(result.merged[key], local[key]);
          expect(kept || result.conflicts.some((c) => c.field === key)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('without a base every differing field is a conflict and labels are united', () => {
    const local = { ...emptyContactFields(), name: 'A', labels: ['x'] };
    const server = { ...emptyContactFields(), name: 'B', labels: ['y'] };
    const result = mergeContact(null, local, server);
    expect(result.conflicts.map((c) => c.field)).toEqual(['name']);
    expect(result.merged.labels).toEqual(['y', 'x']);
  });
});

/** A custom attribute or profile set to null is the same as an absent one. */
function withoutNulls(fields: ContactFields): ContactFields {
  const drop = <V>(map: Record<string, V>) => Object.fromEntries(Object.entries(map).filter(([, v]) => v !== null && v !== undefined));
  return { ...fields, customAttributes: drop(fields.customAttributes), socialProfiles: drop(fields.socialProfiles) };
}

/** mergeContact(base, local, base) = local, with label order as mergeLabels produces it. */
function normalizeOrder(local: ContactFields, base: ContactFields): ContactFields {
  return { ...local, labels: mergeLabels(base.labels, local.labels, base.labels) };
}

// ---------------------------------------------------------------------------------------------

describe('outbox coalescing', () => {
  const entry = (seq: number, op: 'create' | 'update' | 'delete', changes: Record<string, unknown> = {}, baseValues: Record<string, unknown> = {}) => ({ seq, op, changes, baseValues });

  it('create + update = create with the later values', () => {
    expect(coalesceOutbox([entry(2, 'update', { name: 'B' }, { name: 'A' }), entry(1, 'create', { name: 'A', city: 'X' })])).toEqual([
      { op: 'create', fields: { name: 'B', city: 'X' }, seqs: [1, 2] },
    ]);
  });

  it('create + delete = nothing; update + update keeps the first base; update + delete = delete', () => {
    expect(coalesceOutbox([entry(1, 'create', { name: 'A' }), entry(2, 'update', { name: 'B' }), entry(3, 'delete')])).toEqual([{ op: 'none', seqs: [1, 2, 3] }]);
    expect(coalesceOutbox([entry(1, 'update', { name: 'B' }, { name: 'A' }), entry(2, 'update', { name: 'C', city: 'Y' }, { name: 'B', city: 'X' })])).toEqual([
      { op: 'update', changes: { name: 'C', city: 'Y' }, baseValues: { name: 'A', city: 'X' }, seqs: [1, 2] },
    ]);
    expect(coalesceOutbox([entry(1, 'update', { name: 'B' }), entry(2, 'delete', {}, { serverId: 4 })])).toEqual([{ op: 'delete', baseValues: { serverId: 4 }, seqs: [1, 2] }]);
  });

  it('delete then create (a restore) stays in order', () => {
    expect(coalesceOutbox([entry(1, 'delete', {}, { serverId: 4 }), entry(2, 'create', { name: 'A' })]).map((op) => op.op)).toEqual(['delete', 'create']);
  });

  it('property: sending the folded ops leaves the server as replaying every row would', () => {
    // Valid lives of one record: a create only when it does not exist, update/delete only when it does.
    const lifeArb = fc.tuple(fc.boolean(), fc.array(fc.tuple(fc.boolean(), fc.string({ maxLength: 3 })), { maxLength: 10 })).map(([existsAtStart, steps]) => {
      let exists = existsAtStart;
      const ops = steps.map(([choice, name]) => {
        const op = !exists ? 'create' : choice ? 'update' : 'delete';
        exists = op !== 'delete';
        return { op, name } as const;
      });
      return { existsAtStart, ops };
    });
    type Step = { op: 'create' | 'update' | 'delete'; name?: string };
    const replay = (existsAtStart: boolean, list: Step[]) => {
      let value: string | undefined = existsAtStart ? 'orig' : undefined;
      for (const item of list) value = item.op === 'delete' ? undefined : item.name;
      return value;
    };
    fc.assert(
      fc.property(lifeArb, ({ existsAtStart, ops }) => {
        const entries = ops.map((o, index) => entry(index + 1, o.op, o.op === 'delete' ? {} : { name: o.name }));
        const coalesced = coalesceOutbox(entries);
        const sent: Step[] = coalesced.flatMap((c): Step[] =>
          c.op === 'none' ? [] : c.op === 'delete' ? [{ op: 'delete' }] : c.op === 'create' ? [{ op: 'create', name: c.fields.name as string }] : [{ op: 'update', name: c.changes.name as string }],
        );
        expect(replay(existsAtStart, sent)).toEqual(replay(existsAtStart, ops));
        expect(coalesced.flatMap((c) => c.seqs).sort((a, b) => a - b)).toEqual(entries.map((e) => e.seq));
        // Never two updates or two creates in a row: they were folded.
        for (let i = 1; i < sent.length; i += 1) expect(sent[i - 1].op === 'delete' || sent[i].op === 'delete').toBe(true);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('backoff and Retry-After', () => {
  it('grows exponentially under full jitter and stays within the cap', () => {
    expect(backoffDelay(0, () => 0.999)).toBe(999);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
    expect(backoffDelay(100, () => 0.999)).toBeLessThan(BACKOFF_CAP_MS);
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 1000 }), fc.double({ noNaN: false }), (attempt, r) => {
        const delay = backoffDelay(attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(BACKOFF_CAP_MS);
        expect(Number.isInteger(delay)).toBe(true);
      }),
    );
  });

  it('parses delay-seconds and HTTP dates, refuses junk', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('99999999', now)).toBe(3_600_000);
    for (const junk of [null, undefined, '', '-1', '1.5', 'soon', '5s']) expect(parseRetryAfter(junk, now)).toBeNull();
    expect(retryDelay(2, 7000, () => 0.1)).toBe(7000);
    expect(retryDelay(2, null, () => 0.5)).toBe(2000);
  });
});

describe('error classification', () => {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => classifyAnswer({ status, body, headers }, 0);
  it('sorts statuses by what the client must do', () => {
    expect(answer(200, {})).toBeNull();
    expect(answer(401, { errors: ['You need to sign in or sign up before continuing.'] })).toEqual({ kind: 'unauthorized', message: 'You need to sign in or sign up before continuing.' });
    expect(answer(401, { error: 'You are not authorized to do this action' })?.kind).toBe('rejected');
    expect(answer(401, { error: 'Invalid Access Token' })?.kind).toBe('unauthorized');
    expect(answer(404, { error: 'Resource could not be found' })?.kind).toBe('not-found');
    expect(answer(412, { error: 'moved', payload: { id: 1 } })).toMatchObject({ kind: 'precondition', current: { id: 1 } });
    expect(answer(429, {}, { 'Retry-After': '7' })).toMatchObject({ kind: 'retry', status: 429, retryAfterMs: 7000 });
    expect(answer(503, '<html>down</html>')).toMatchObject({ kind: 'retry', message: 'HTTP 503' });
    expect(answer(408, null)?.kind).toBe('retry');
    expect(answer(422, { message: 'Email has already been taken', attributes: ['email'] })).toEqual({ kind: 'rejected', status: 422, message: 'Email has already been taken', attributes: ['email'] });
    expect(answer(422, { error: 'This Idempotency-Key was already used for a different request' })?.kind).toBe('already-applied');
    expect(answer(409, { error: 'conflict' })?.kind).toBe('rejected');
    expect(answer(400, 'bad')?.kind).toBe('rejected');
    expect(classifyThrown(new TypeError('fetch failed'))).toEqual({ kind: 'network', message: 'fetch failed' });
  });
  it('never throws on odd bodies', () => {
    fc.assert(fc.property(fc.integer({ min: 100, max: 599 }), fc.anything(), (status, body) => {
      expect(typeof serverMessage(status, body)).toBe('string');
      answer(status, body);
    }));
  });
});

describe('sendableByRecord', () => {
  it('groups rows by record in order of first change, and holds every row of a record with a refused one', () => {
    const row = (entityId: string, state: 'pending' | 'in-flight' | 'rejected', seq: number) => ({ entityId, state, seq });
    const rows = [row('b', 'pending', 1), row('a', 'in-flight', 2), row('c', 'pending', 3), row('b', 'pending', 4), row('c', 'rejected', 5)];
    expect(sendableByRecord(rows).map((group) => group.map((r) => r.seq))).toEqual([[1, 4], [2]]);
  });
});
