import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeTypeOf, DEFINITION_WIRE, LABEL_WIRE, parseNoteJson, RECORD_WIRES, SEGMENT_WIRE } from './records-wire';

describe('records wire', () => {
  it('parses Chatwoot’s label, definition, segment and note JSON into local fields', () => {
    expect(LABEL_WIRE.parse({ id: 3, title: 'vip', description: null, color: '#FF0000', show_on_sidebar: true, version: 2 })).toEqual({
      serverId: 3,
      version: 2,
      fields: { title: 'vip', color: '#ff0000', description: '' },
    });
    expect(
      DEFINITION_WIRE.parse({ id: 1, attribute_key: 'plan', attribute_display_name: 'Plan', attribute_display_type: 'currency', attribute_model: 'contact_attribute', attribute_values: ['a', 2], attribute_description: null }),
    ).toMatchObject({ serverId: 1, version: null, fields: { key: 'plan', displayName: 'Plan', type: 'number', listValues: ['a', '2'], description: '' } });
    expect(SEGMENT_WIRE.parse({ id: 7, name: 'Gold', filter_type: 'contact', query: { payload: [{ attribute_key: 'x' }] } })).toMatchObject({ fields: { name: 'Gold', query: { payload: [{ attribute_key: 'x' }] } } });
    // A segment whose query is not Chatwoot's `{payload: [...]}` still parses, with no conditions.
    expect(SEGMENT_WIRE.parse({ id: 8, name: 'Odd', filter_type: 1, query: 'nonsense' })?.fields.query).toEqual({ payload: [] });
    expect(parseNoteJson({ id: 11, content: 'hi', contact_id: 4, user: null, created_at: 1737280000 })).toEqual({
      serverId: 11,
      version: null,
      fields: { bodyMarkdown: 'hi' },
      contactServerId: 4,
      author: { id: null, name: 'Bot' },
      createdAt: 1737280000000,
    });
    // Chatwoot's buggy partial: the contact id comes from the URL when given.
    expect(parseNoteJson({ id: 11, content: 'hi', contact_id: null, user: { id: 2, name: 'Ana' } }, 9)).toMatchObject({ contactServerId: 9, author: { id: 2, name: 'Ana' } });
    expect(parseNoteJson({ id: 11, content: 'hi' })).toBeNull();
  });

  it('leaves out what this app does not keep: conversation attributes and conversation filters', () => {
    expect(DEFINITION_WIRE.parse({ id: 1, attribute_key: 'p', attribute_display_name: 'P', attribute_display_type: 'text', attribute_model: 'conversation_attribute' })).toBeNull();
    expect(SEGMENT_WIRE.parse({ id: 1, name: 'Open', filter_type: 'conversation', query: {} })).toBeNull();
    expect(SEGMENT_WIRE.parse({ id: 1, name: 'Open', filter_type: 0, query: {} })).toBeNull();
  });

  it('sends only the fields given, in Chatwoot’s names', () => {
    expect(LABEL_WIRE.body({ color: '#000000' })).toEqual({ color: '#000000' });
    expect(DEFINITION_WIRE.body({ displayName: 'X' })).toEqual({ attribute_model: 'contact_attribute', attribute_display_name: 'X' });
    expect(SEGMENT_WIRE.body({ name: 'N' })).toEqual({ filter_type: 'contact', name: 'N' });
  });

  it('round-trips local fields through a request body and a server echo', () => {
    const label = fc.record({ title: fc.stringMatching(/^[a-z0-9_-]{1,20}$/), color: fc.stringMatching(/^#[0-9a-f]{6}$/), description: fc.string() });
    fc.assert(
      fc.property(label, fc.integer({ min: 1, max: 1e9 }), (fields, id) => {
        expect(LABEL_WIRE.parse({ id, ...LABEL_WIRE.body(fields), show_on_sidebar: true })?.fields).toEqual(fields);
      }),
    );
    const definition = fc.record({
      key: fc.string({ minLength: 1 }),
      displayName: fc.string({ minLength: 1 }),
      type: fc.constantFrom('text', 'number', 'link', 'date', 'list', 'checkbox'),
      listValues: fc.array(fc.string()),
      description: fc.string(),
    });
    fc.assert(
      fc.property(definition, (fields) => {
        expect(DEFINITION_WIRE.parse({ id: 1, ...DEFINITION_WIRE.body(fields) })?.fields).toEqual(fields);
      }),
    );
  });

  it('never throws on hostile input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        for (const wire of RECORD_WIRES) {
          wire.parse(json);
          wire.list(json);
        }
        parseNoteJson(json);
        parseNoteJson(json, 1);
      }),
    );
    expect(attributeTypeOf('constructor')).toBe('text');
  });

  it('natural keys: a label by title, a definition by key, a segment by name and conditions', () => {
    expect(LABEL_WIRE.naturalKey({ title: 'vip', color: '#000000' })).toBe(LABEL_WIRE.naturalKey({ title: 'vip', color: '#ffffff' }));
    expect(DEFINITION_WIRE.naturalKey({ key: 'a' })).not.toBe(DEFINITION_WIRE.naturalKey({ key: 'b' }));
    expect(SEGMENT_WIRE.naturalKey({ name: 'a', query: { payload: [] } })).not.toBe(SEGMENT_WIRE.naturalKey({ name: 'a', query: { payload: [1] } }));
    expect(LABEL_WIRE.naturalKey({})).toBeNull();
  });
});
