import { z } from 'zod';
import type { AttributeType } from '../../../../../shared/records';
import type { RecordEntity, ServerRecord } from '../../store/sync-records-repository';

/**
 * Local records other than contacts ⇄ Chatwoot JSON (the
 * shapes in docs/sync.md and tests/fixtures/chatwoot/). Pure: parsing answers and building request bodies, nothing else.
 */

export type { RecordEntity, ServerRecord } from '../../store/sync-records-repository';

export interface RecordWire {
  entity: Exclude<RecordEntity, 'note'>;
  /** Path of the collection, relative to the account. */
  path: string;
  /** Query of the list request (stock Chatwoot pull). */
  listQuery: Record<string, string>;
  /** The change feed's entity name. */
  feedEntity: string;
  /** The synced fields, in local names. */
  fields: readonly string[];
  /** A server record, or null for one this app does not keep (a conversation attribute, a conversation filter). */
  parse(json: unknown): ServerRecord | null;
  /** The request body for these (local) fields. */
  body(fields: Record<string, unknown>): Record<string, unknown>;
  /**
   * What identifies the record for a person, so an offline create that meets the same record made
   * elsewhere (or our own create whose answer was lost) is linked instead of duplicated.
   */
  naturalKey(fields: Record<string, unknown>): string | null;
  /** Unwraps a list answer (labels are `{payload: [...]}`, the others bare arrays). */
  list(json: unknown): unknown[] | null;
}

const version = z.number().int().nullable().optional();
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

const labelJson = z.object({ id: z.number().int().positive(), title: z.string(), color: z.string().nullable().optional(), description: z.string().nullable().optional(), version });
const definitionJson = z.object({
  id: z.number().int().positive(),
  attribute_key: z.string(),
  attribute_display_name: z.string(),
  attribute_display_type: z.string(),
  attribute_model: z.string().optional(),
  attribute_description: z.string().nullable().optional(),
  attribute_values: z.array(z.unknown()).nullable().optional(),
  version,
});
const segmentJson = z.object({ id: z.number().int().positive(), name: z.string(), filter_type: z.union([z.string(), z.number()]).optional(), query: z.unknown(), version });
const noteJson = z.object({
  id: z.number().int().positive(),
  content: z.string(),
  contact_id: z.number().int().positive().nullable().optional(),
  user: z.object({ id: z.number().int().nullable().optional(), name: z.string().nullable().optional(), available_name: z.string().nullable().optional() }).nullable().optional(),
  created_at: z.number().nullable().optional(),
  version,
});

const bareList = (json: unknown): unknown[] | null => (Array.isArray(json) ? json : null);

/** Chatwoot also has currency and percent; this app shows them as numbers. */
export function attributeTypeOf(displayType: string): AttributeType {
  switch (displayType) {
    case 'text':
    case 'number':
    case 'link':
    case 'date':
    case 'list':
    case 'checkbox':
      return displayType;
    case 'currency':
    case 'percent':
      return 'number';
    default:
      return 'text';
  }
}

export const LABEL_WIRE: RecordWire = {
  entity: 'label',
  path: 'labels',
  listQuery: {},
  feedEntity: 'label',
  fields: ['title', 'color', 'description'],
  parse(json) {
    const parsed = labelJson.safeParse(json);
    if (!parsed.success) return null;
    const { id, title, color, description } = parsed.data;
    return { serverId: id, version: parsed.data.version ?? null, fields: { title, color: (color ?? '#1f93ff').toLowerCase(), description: description ?? '' } };
  },
  body(fields) {
    const body: Record<string, unknown> = {};
    if ('title' in fields) body.title = fields.title;
    if ('color' in fields) body.color = fields.color;
    if ('description' in fields) body.description = fields.description;
    return body;
  },
  naturalKey: (fields) => (typeof fields.title === 'string' ? `title:${fields.title}` : null),
  list(json) {
    const payload = typeof json === 'object' && json !== null ? (json as { payload?: unknown }).payload : undefined;
    return Array.isArray(payload) ? payload : bareList(json);
  },
};

export const DEFINITION_WIRE: RecordWire = {
  entity: 'attributeDefinition',
  path: 'custom_attribute_definitions',
  listQuery: { attribute_model: 'contact_attribute' },
  feedEntity: 'custom_attribute_definition',
  fields: ['key', 'displayName', 'type', 'listValues', 'description'],
  parse(json) {
    const parsed = definitionJson.safeParse(json);
    if (!parsed.success) return null;
    const d = parsed.data;
    if (d.attribute_model !== undefined && d.attribute_model !== 'contact_attribute') return null;
    return {
      serverId: d.id,
      version: d.version ?? null,
      fields: {
        key: d.attribute_key,
        displayName: d.attribute_display_name,
        type: attributeTypeOf(d.attribute_display_type),
        listValues: (d.attribute_values ?? []).map((v) => String(v)),
        description: d.attribute_description ?? '',
      },
    };
  },
  body(fields) {
    const body: Record<string, unknown> = { attribute_model: 'contact_attribute' };
    if ('key' in fields) body.attribute_key = fields.key;
    if ('displayName' in fields) body.attribute_display_name = fields.displayName;
    if ('type' in fields) body.attribute_display_type = fields.type;
    if ('listValues' in fields) body.attribute_values = fields.listValues;
    if ('description' in fields) body.attribute_description = fields.description;
    return body;
  },
  naturalKey: (fields) => (typeof fields.key === 'string' ? `key:${fields.key}` : null),
  list: bareList,
};

export const SEGMENT_WIRE: RecordWire = {
  entity: 'segment',
  path: 'custom_filters',
  listQuery: { filter_type: 'contact' },
  feedEntity: 'custom_filter',
  fields: ['name', 'query'],
  parse(json) {
    const parsed = segmentJson.safeParse(json);
    if (!parsed.success) return null;
    const s = parsed.data;
    if (s.filter_type !== undefined && s.filter_type !== 'contact' && s.filter_type !== 1) return null;
    const payload = typeof s.query === 'object' && s.query !== null ? (s.query as { payload?: unknown }).payload : undefined;
    return { serverId: s.id, version: s.version ?? null, fields: { name: s.name, query: { payload: Array.isArray(payload) ? payload : [] } } };
  },
  body(fields) {
    const body: Record<string, unknown> = { filter_type: 'contact' };
    if ('name' in fields) body.name = fields.name;
    if ('query' in fields) body.query = fields.query;
    return body;
  },
  naturalKey: (fields) => (typeof fields.name === 'string' ? `name:${fields.name}\u0000${JSON.stringify(fields.query ?? null)}` : null),
  list: bareList,
};

export const RECORD_WIRES: readonly RecordWire[] = [LABEL_WIRE, DEFINITION_WIRE, SEGMENT_WIRE];

/** A note of `GET /contacts/:id/notes` (contact id from the URL) or of the feed (`contact_id`). */
export function parseNoteJson(json: unknown, contactServerId?: number): ServerRecord | null {
  const parsed = noteJson.safeParse(json);
  if (!parsed.success) return null;
  const n = parsed.data;
  const contact = contactServerId ?? n.contact_id ?? null;
  if (contact === null) return null;
  const name = n.user ? (n.user.available_name ?? n.user.name ?? '') : '';
  return {
    serverId: n.id,
    version: n.version ?? null,
    fields: { bodyMarkdown: n.content },
    contactServerId: contact,
    author: n.user ? { id: n.user.id ?? null, name: name || 'Bot' } : { id: null, name: 'Bot' },
    createdAt: typeof n.created_at === 'number' ? n.created_at * 1000 : null,
  };
}

export const noteBody = (markdown: unknown): Record<string, unknown> => ({ content: str(markdown) });
