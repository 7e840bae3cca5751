/** Contact rows and their Chatwoot JSON (`app/views/api/v1/models/_contact.json.jbuilder`). */
import type { Queryable } from '../db/database';
import { serializeInboxSlim, type InboxRow, type InboxSlimJson } from '../inboxes/model';

export type JsonObject = Record<string, unknown>;

export interface ContactRow {
  id: number;
  account_id: number;
  name: string;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  avatar_url: string | null;
  additional_attributes: JsonObject;
  custom_attributes: JsonObject;
  blocked: boolean;
  labels: string[];
  labels_version: number;
  version: number;
  last_activity_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const CONTACT_COLUMNS = `c.id, c.account_id, c.name, c.email, c.phone_number, c.identifier, c.avatar_url,
  c.additional_attributes, c.custom_attributes, c.blocked, c.labels, c.labels_version, c.version,
  c.last_activity_at, c.created_at, c.updated_at`;

export interface ContactInboxJson {
  source_id: string;
  inbox: InboxSlimJson;
}

export interface ContactJson {
  additional_attributes: JsonObject;
  availability_status: 'online' | 'offline';
  email: string | null;
  id: number;
  name: string;
  phone_number: string | null;
  blocked: boolean;
  identifier: string | null;
  thumbnail: string;
  custom_attributes: JsonObject;
  last_activity_at?: number;
  created_at: number;
  contact_inboxes?: ContactInboxJson[];
  /** Sync extension only. */
  version?: number;
  updated_at?: number;
  labels?: string[];
}

export const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export interface SerializeOptions {
  strict: boolean;
  /** Present when the response includes `contact_inboxes` (Chatwoot's default). */
  contactInboxes?: ContactInboxJson[];
}

export function serializeContact(row: ContactRow, options: SerializeOptions): ContactJson {
  const json: ContactJson = {
    additional_attributes: row.additional_attributes,
    // Presence lives in Chatwoot's Redis; this server has no live channels, so nobody is online.
    availability_status: 'offline',
    email: row.email,
    id: row.id,
    name: row.name,
    phone_number: row.phone_number,
    blocked: row.blocked,
    identifier: row.identifier,
    thumbnail: row.avatar_url ?? '',
    custom_attributes: row.custom_attributes,
    created_at: unixSeconds(row.created_at),
  };
  // Chatwoot leaves the key out, rather than sending null, when the contact never wrote.
  if (row.last_activity_at) json.last_activity_at = unixSeconds(row.last_activity_at);
  if (options.contactInboxes) json.contact_inboxes = options.contactInboxes;
  if (!options.strict) {
    json.version = row.version;
    json.updated_at = unixSeconds(row.updated_at);
    json.labels = row.labels;
  }
  return json;
}

export async function findContact(db: Queryable, accountId: number, id: number, lock = false): Promise<ContactRow | null> {
  const { rows } = await db.query<ContactRow>(
    `SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.account_id = $1 AND c.id = $2${lock ? ' FOR UPDATE' : ''}`,
    [accountId, id],
  );
  return rows[0] ?? null;
}

export async function findContacts(db: Queryable, accountId: number, ids: readonly number[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ContactRow>(
    `SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.account_id = $1 AND c.id = ANY($2::bigint[])`,
    [accountId, ids],
  );
  return rows;
}

/** The feed's two records of a contact, as JSON text (see {@link findContactFeedJson}). */
export interface ContactFeedJson {
  id: number;
  /** `serializeContact(row, { strict: false })`: the contact without `contact_inboxes`. */
  contact: string;
  /** The `contact_labels` record: `{ contact_id, labels, version }` with the labels' own version. */
  labels: string;
}

const epochSeconds = (column: string) => `floor(extract(epoch FROM ${column}))::bigint`;

/** {@link serializeContact}'s keys with `strict: false`, as `json_build_object` arguments. */
const FEED_CONTACT_FIELDS = `'additional_attributes', c.additional_attributes, 'availability_status', 'offline',
  'email', c.email, 'id', c.id, 'name', c.name, 'phone_number', c.phone_number, 'blocked', c.blocked,
  'identifier', c.identifier, 'thumbnail', coalesce(c.avatar_url, ''), 'custom_attributes', c.custom_attributes,
  'created_at', ${epochSeconds('c.created_at')}, 'version', c.version, 'updated_at', ${epochSeconds('c.updated_at')},
  'labels', c.labels`;

/**
 * The sync feed's contacts as JSON text built by the database: the same values as
 * {@link serializeContact} with `strict: false` (a test compares the two on every kind of value).
 * A first sync reads 100k contacts in pages of 5,000 changes; parsing each page's columns into
 * objects (PGlite's wire parser, the jsonb columns, the dates) and writing them back out as JSON
 * was a large share of the server's CPU, which on a small machine the app's own work competes with
 * (docs/server.md "The change feed's pages"). Here each contact is one text value, placed in the
 * page as it is.
 */
export async function findContactFeedJson(db: Queryable, accountId: number, ids: readonly number[]): Promise<ContactFeedJson[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ContactFeedJson>(
    // Chatwoot leaves `last_activity_at` out, rather than sending null, when the contact never wrote.
    // (`json_build_object` measured faster here than building jsonb and adding the key to it.)
    `SELECT c.id,
       (CASE WHEN c.last_activity_at IS NULL THEN json_build_object(${FEED_CONTACT_FIELDS})
             ELSE json_build_object(${FEED_CONTACT_FIELDS}, 'last_activity_at', ${epochSeconds('c.last_activity_at')}) END)::text AS contact,
       json_build_object('contact_id', c.id, 'labels', c.labels, 'version', c.labels_version)::text AS labels
     FROM contacts c WHERE c.account_id = $1 AND c.id = ANY($2::bigint[])`,
    [accountId, ids],
  );
  return rows;
}

/** The contact_inboxes of several contacts in one query. */
export async function loadContactInboxes(db: Queryable, contactIds: readonly number[]): Promise<Map<number, ContactInboxJson[]>> {
  const byContact = new Map<number, ContactInboxJson[]>(contactIds.map((id) => [id, []]));
  if (contactIds.length === 0) return byContact;
  const { rows } = await db.query<InboxRow & { contact_id: number; source_id: string }>(
    `SELECT ci.contact_id, ci.source_id, i.id, i.account_id, i.name, i.channel_type, i.provider, i.created_at
       FROM contact_inboxes ci JOIN inboxes i ON i.id = ci.inbox_id
      WHERE ci.contact_id = ANY($1::bigint[])
      ORDER BY ci.id`,
    [contactIds],
  );
  for (const row of rows) byContact.get(row.contact_id)?.push({ source_id: row.source_id, inbox: serializeInboxSlim(row) });
  return byContact;
}

export async function serializeContacts(
  db: Queryable,
  rows: readonly ContactRow[],
  options: { strict: boolean; includeContactInboxes: boolean },
): Promise<ContactJson[]> {
  const inboxes = options.includeContactInboxes ? await loadContactInboxes(db, rows.map((row) => row.id)) : null;
  return rows.map((row) => serializeContact(row, { strict: options.strict, contactInboxes: inboxes?.get(row.id) }));
}
