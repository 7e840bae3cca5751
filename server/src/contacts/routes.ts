/** Contacts: list, search, filter, show, create, update, delete, labels (notes §1.3–1.6). */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sameJsonText } from '../../../src/shared/equality';
import { searchKey } from '../../../src/shared/text';
import { principalOf, type ServerContext } from '../http/context';
import { returnedRow, type Queryable } from '../db/database';
import { requireAdministrator, notFound, parseBody, parseId, unprocessable } from '../http/errors';
import { checkVersion, etag, ifMatchVersion, performWrite, sendWrite, type WriteContext } from '../http/write';
import { countWithinBudget } from '../http/page-budget';
import { contactFilterSql, isTimeZone, type DefinitionRow } from '../filters/sql';
import { serializeInbox, INBOX_COLUMNS, type InboxRow } from '../inboxes/model';
import { foldContact } from './wire';
import { CONTACT_COLUMNS, findContact, serializeContact, serializeContacts, loadContactInboxes, type ContactRow } from './model';
import {
  applyContactBody,
  assertValid,
  checkUniqueness,
  contactBodySchema,
  contactSearchText,
  emptyContactValues,
  validateContactValues,
  type ContactValues,
} from './validate';

/** Chatwoot's fixed page size (`RESULTS_PER_PAGE`). */
export const CHATWOOT_PAGE_SIZE = 15;
/** The sync extension's largest page: 1,000 contacts are ~1 MB of JSON, one round trip on a slow link. */
export const MAX_PAGE_SIZE = 1000;

type Query = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

export interface Paging {
  page: number;
  perPage: number;
  /** `meta.current_page`: the `page` parameter as sent (a string), or the number 1 without one. */
  currentPage: string | number;
}

export function parsePaging(query: Query, strict: boolean): Paging {
  const raw = first(query.page);
  const parsed = raw === undefined ? 1 : Number.parseInt(raw, 10);
  const page = Number.isFinite(parsed) && parsed >= 1 ? Math.min(parsed, 1_000_000) : 1;
  let perPage = CHATWOOT_PAGE_SIZE;
  const rawPerPage = first(query.per_page);
  if (!strict && rawPerPage !== undefined) {
    const asked = Number.parseInt(rawPerPage, 10);
    if (Number.isFinite(asked) && asked >= 1) perPage = Math.min(asked, MAX_PAGE_SIZE);
  }
  return { page, perPage, currentPage: raw ?? 1 };
}

/** Chatwoot's sort keys (notes §4) as SQL; `company_name` is what the v4 UI sends for `company`. */
/** A `Map`, not an object literal: `sort=__proto__` or `sort=constructor` must find nothing, not Object's own members. */
const SORT_SQL: ReadonlyMap<string, { expression: string; nullsLast: boolean }> = new Map([
  ['name', { expression: 'lower(c.name) COLLATE "C"', nullsLast: false }],
  ['email', { expression: 'lower(c.email) COLLATE "C"', nullsLast: false }],
  ['phone_number', { expression: 'lower(c.phone_number) COLLATE "C"', nullsLast: false }],
  ['last_activity_at', { expression: 'c.last_activity_at', nullsLast: true }],
  ['created_at', { expression: 'c.created_at', nullsLast: true }],
  ['company', { expression: `(c.additional_attributes->>'company_name') COLLATE "C"`, nullsLast: true }],
  ['company_name', { expression: `(c.additional_attributes->>'company_name') COLLATE "C"`, nullsLast: true }],
  ['city', { expression: `(c.additional_attributes->>'city') COLLATE "C"`, nullsLast: true }],
  ['country', { expression: `(c.additional_attributes->>'country') COLLATE "C"`, nullsLast: true }],
]);

/** `ORDER BY` for `sort=name,-created_at`; unknown keys are ignored, and the id breaks ties so pages are stable. */
export function orderBy(sort: string | undefined): string {
  const terms: string[] = [];
  for (const key of (sort ?? '').split(',')) {
    const descending = key.startsWith('-');
    const spec = SORT_SQL.get(descending ? key.slice(1) : key);
    if (!spec) continue;
    terms.push(`${spec.expression} ${descending ? 'DESC' : 'ASC'}${spec.nullsLast ? ' NULLS LAST' : ''}`);
  }
  terms.push('c.id ASC');
  return terms.join(', ');
}

/** Chatwoot lists only "resolved" contacts (with an email, phone or identifier; chatwoot#11978). */
const RESOLVED_SQL = `(coalesce(c.email, '') <> '' OR coalesce(c.phone_number, '') <> '' OR coalesce(c.identifier, '') <> '')`;

export interface ListRequest {
  where: string[];
  params: unknown[];
}

export async function listContacts(
  context: ServerContext,
  request: FastifyRequest,
  build: (list: ListRequest) => void,
): Promise<{ meta: { count: number; current_page: string | number; truncated?: true }; payload: unknown[] }> {
  const query = request.query as Query;
  const principal = principalOf(request);
  const list: ListRequest = { where: ['c.account_id = $1'], params: [principal.accountId] };
  // The extension lists every contact; hiding unresolved ones is Chatwoot's, kept in strict mode only.
  if (context.strict) list.where.push(RESOLVED_SQL);
  build(list);
  const paging = parsePaging(query, context.strict);
  const where = list.where.join(' AND ');
  const count = await context.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM contacts c WHERE ${where}`, list.params);
  const limitIndex = list.params.length + 1;
  const { rows } = await context.db.query<ContactRow>(
    `SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE ${where} ORDER BY ${orderBy(first(query.sort))} LIMIT $${limitIndex} OFFSET $${limitIndex + 1}`,
    [...list.params, paging.perPage, (paging.page - 1) * paging.perPage],
  );
  const includeContactInboxes = first(query.include_contact_inboxes) !== 'false';
  const payload = await serializeContacts(context.db, rows, { strict: context.strict, includeContactInboxes });
  const meta = { count: returnedRow(count.rows, 'SELECT count(*) FROM contacts').count, current_page: paging.currentPage };
  // Past the byte budget the page is cut and says so: a client paging by number asks again with a smaller per_page.
  const kept = countWithinBudget(payload, context.pageByteBudget);
  if (kept < payload.length) return { meta: { ...meta, truncated: true }, payload: payload.slice(0, kept) };
  return { meta, payload };
}

const labelsBodySchema = z.object({ labels: z.union([z.array(z.string()), z.string()]) });

/** Label titles as acts-as-taggable stores them: split on commas, trimmed, lower-case, unique. */
export function normalizeLabels(input: string | readonly string[]): string[] {
  const titles = (typeof input === 'string' ? [input] : input).flatMap((item) => item.split(','));
  const seen = new Set<string>();
  for (const title of titles) {
    const label = title.trim().toLowerCase();
    if (label !== '') seen.add(label);
  }
  return [...seen];
}

const MAX_LABEL_LENGTH = 255;

async function requireContact(tx: Queryable, accountId: number, id: number, lock = false): Promise<ContactRow> {
  const contact = await findContact(tx, accountId, id, lock);
  if (!contact) throw notFound();
  return contact;
}

const valuesOf = (row: ContactRow): ContactValues => ({
  name: row.name,
  email: row.email,
  phone_number: row.phone_number,
  identifier: row.identifier,
  avatar_url: row.avatar_url,
  blocked: row.blocked,
  additional_attributes: row.additional_attributes,
  custom_attributes: row.custom_attributes,
});

function sourceIdFor(inbox: InboxRow, values: ContactValues, given: string | null): string {
  if (given) return given;
  const missing = (what: string) => unprocessable(`param is missing or the value is empty: contact ${what}`);
  switch (inbox.channel_type) {
    case 'Channel::Email':
      if (!values.email) throw missing('email');
      return values.email;
    case 'Channel::Sms':
      if (!values.phone_number) throw missing('phone_number');
      return values.phone_number;
    case 'Channel::Whatsapp':
      if (!values.phone_number) throw missing('phone_number');
      return values.phone_number.replace('+', '');
    case 'Channel::Api':
    case 'Channel::WebWidget':
      return randomUUID();
  }
}

export async function findInbox(db: Queryable, accountId: number, id: number): Promise<InboxRow> {
  const { rows } = await db.query<InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inboxes i WHERE i.account_id = $1 AND i.id = $2`, [accountId, id]);
  if (!rows[0]) throw notFound();
  return rows[0];
}

export async function showContactJson(context: ServerContext, db: Queryable, row: ContactRow): Promise<unknown> {
  const inboxes = await loadContactInboxes(db, [row.id]);
  return serializeContact(row, { strict: context.strict, contactInboxes: inboxes.get(row.id) });
}

function versionHeaders(context: ServerContext, version: number): Record<string, string> {
  return context.strict ? {} : { etag: etag(version) };
}

export function registerContactRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context;

  app.get('/contacts', async (request) =>
    listContacts(context, request, (list) => {
      const query = request.query as Query;
      const raw = query['labels[]'] ?? query.labels;
      const labels = raw === undefined ? [] : normalizeLabels(raw);
      if (labels.length > 0) {
        list.params.push(labels);
        list.where.push(`c.labels && $${list.params.length}::text[]`);
      }
    }),
  );

  // Online contacts: presence comes from live channels, which this server has none of.
  app.get('/contacts/active', async (request) =>
    listContacts(context, request, (list) => {
      list.where.push('FALSE');
    }),
  );

  app.get('/contacts/search', async (request) => {
    const q = first((request.query as Query).q)?.trim() ?? '';
    if (q === '') throw unprocessable('Specify search string with parameter q');
    return listContacts(context, request, (list) => {
      // Name, email, phone and company fold case and accents; the identifier is matched as typed.
      list.params.push(searchKey(q), q);
      const n = list.params.length;
      list.where.push(`(strpos(c.search_text, $${n - 1}) > 0 OR strpos(coalesce(c.identifier, ''), $${n}) > 0)`);
    });
  });

  app.post('/contacts/filter', async (request) => {
    const principal = principalOf(request);
    const body = request.body as { payload?: unknown } | undefined;
    const rawZone = first((request.query as Query).time_zone);
    const timeZone = !context.strict && rawZone !== undefined ? rawZone : 'UTC';
    if (!isTimeZone(timeZone)) throw unprocessable(`Unknown time zone ${timeZone}`);
    const definitions = await db.query<DefinitionRow>(
      `SELECT attribute_key, attribute_display_name, attribute_display_type, attribute_values
         FROM custom_attribute_definitions WHERE account_id = $1 AND attribute_model = 1 ORDER BY id`,
      [principal.accountId],
    );
    return listContacts(context, request, (list) => {
      const sql = contactFilterSql(body?.payload, definitions.rows, {
        firstParam: list.params.length + 1,
        now: Date.now(),
        timeZone,
        strict: context.strict,
      });
      list.params.push(...sql.params);
      list.where.push(`(${sql.where})`);
    });
  });

  app.get('/contacts/:id', async (request, reply) => {
    const principal = principalOf(request);
    const row = await requireContact(db, principal.accountId, parseId((request.params as { id: string }).id));
    const include = first((request.query as Query).include_contact_inboxes) !== 'false';
    const payload = include ? await showContactJson(context, db, row) : serializeContact(row, { strict: context.strict });
    reply.headers(versionHeaders(context, row.version));
    return { payload };
  });

  app.post('/contacts', async (request, reply) => {
    const principal = principalOf(request);
    const body = parseBody(contactBodySchema, request.body);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const values = applyContactBody(emptyContactValues(), body);
      assertValid([...validateContactValues(values), ...(await checkUniqueness(tx, principal.accountId, values, null))]);
      const inbox = body.inbox_id ? await findInbox(tx, principal.accountId, body.inbox_id) : null;
      const row = await insertContact(tx, principal.accountId, values);
      let sourceId: string | null = null;
      if (inbox) {
        sourceId = sourceIdFor(inbox, values, body.source_id ?? null);
        await tx.query('INSERT INTO contact_inboxes (contact_id, inbox_id, source_id) VALUES ($1, $2, $3)', [row.id, inbox.id, sourceId]);
      }
      await changes.record('contact', row.id, 'upsert', row.version);
      const contact = await showContactJson(context, tx, row);
      return {
        status: 200,
        body: { payload: { contact, contact_inbox: { inbox: inbox ? serializeInbox(inbox) : null, source_id: sourceId } } },
        headers: versionHeaders(context, row.version),
      };
    });
    return sendWrite(reply, result);
  });

  const update = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(request);
    const id = parseId((request.params as { id: string }).id);
    const body = parseBody(contactBodySchema.omit({ inbox_id: true, source_id: true }), request.body);
    const expected = ifMatchVersion(request, context.strict);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const current = await requireContact(tx, principal.accountId, id, true);
      await checkVersion(expected, current.version, () => showContactJson(context, tx, current));
      const values = applyContactBody(valuesOf(current), body);
      assertValid([...validateContactValues(values, valuesOf(current)), ...(await checkUniqueness(tx, principal.accountId, values, id))]);
      const row = await updateContact(tx, current, values);
      if (row.version !== current.version) await changes.record('contact', row.id, 'upsert', row.version);
      return { status: 200, body: { payload: await showContactJson(context, tx, row) }, headers: versionHeaders(context, row.version) };
    });
    return sendWrite(reply, result);
  };
  app.patch('/contacts/:id', update);
  app.put('/contacts/:id', update);

  app.delete('/contacts/:id', async (request, reply) => {
    const principal = principalOf(request);
    const id = parseId((request.params as { id: string }).id);
    const expected = ifMatchVersion(request, context.strict);
    const result = await performWrite(context, request, principal, async (write) => {
      const current = await requireContact(write.tx, principal.accountId, id, true);
      // Chatwoot's ContactPolicy: only administrators delete contacts.
      requireAdministrator(principal, context.strict);
      await checkVersion(expected, current.version, () => showContactJson(context, write.tx, current));
      await deleteContact(write, current);
      return { status: 200, body: null };
    });
    return sendWrite(reply, result);
  });

  app.post('/contacts/:id/destroy_custom_attributes', async (request, reply) => {
    const principal = principalOf(request);
    const id = parseId((request.params as { id: string }).id);
    const body = parseBody(z.object({ custom_attributes: z.array(z.string()) }), request.body);
    const expected = ifMatchVersion(request, context.strict);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const current = await requireContact(tx, principal.accountId, id, true);
      await checkVersion(expected, current.version, () => showContactJson(context, tx, current));
      const custom = { ...current.custom_attributes };
      for (const key of body.custom_attributes) delete custom[key];
      const row = await updateContact(tx, current, { ...valuesOf(current), custom_attributes: custom });
      if (row.version !== current.version) await changes.record('contact', row.id, 'upsert', row.version);
      return { status: 200, body: { payload: await showContactJson(context, tx, row) }, headers: versionHeaders(context, row.version) };
    });
    return sendWrite(reply, result);
  });

  app.get('/contacts/:id/labels', async (request, reply) => {
    const principal = principalOf(request);
    const row = await requireContact(db, principal.accountId, parseId((request.params as { id: string }).id));
    reply.headers(versionHeaders(context, row.labels_version));
    return { payload: row.labels };
  });

  app.post('/contacts/:id/labels', async (request, reply) => {
    const principal = principalOf(request);
    const id = parseId((request.params as { id: string }).id);
    const body = parseBody(labelsBodySchema, request.body);
    const labels = normalizeLabels(body.labels);
    const tooLong = labels.find((label) => label.length > MAX_LABEL_LENGTH);
    if (tooLong) throw unprocessable(`Label is too long (maximum is ${MAX_LABEL_LENGTH} characters)`);
    const expected = ifMatchVersion(request, context.strict);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const current = await requireContact(tx, principal.accountId, id, true);
      await checkVersion(expected, current.labels_version, async () => current.labels);
      let version = current.labels_version;
      const unchanged = labels.length === current.labels.length && labels.every((label, index) => label === current.labels[index]);
      if (!unchanged) {
        version += 1;
        await tx.query('UPDATE contacts SET labels = $2::text[], labels_version = $3, updated_at = now() WHERE id = $1', [id, labels, version]);
        await changes.record('contact_labels', id, 'upsert', version);
      }
      return { status: 200, body: { payload: labels }, headers: versionHeaders(context, version) };
    });
    return sendWrite(reply, result);
  });
}

/**
 * The parameters of the columns a contact write sets, in the order both INSERT and UPDATE list them:
 * name, email, phone_number, identifier, avatar_url, blocked, additional_attributes,
 * custom_attributes, search_text, folded.
 */
function writtenColumns(values: ContactValues): unknown[] {
  return [
    values.name,
    values.email,
    values.phone_number,
    values.identifier,
    values.avatar_url,
    values.blocked,
    JSON.stringify(values.additional_attributes),
    JSON.stringify(values.custom_attributes),
    contactSearchText(values),
    JSON.stringify(foldContact(values)),
  ];
}

export async function insertContact(
  tx: Queryable,
  accountId: number,
  values: ContactValues,
  extra: { labels?: string[]; createdAt?: Date; lastActivityAt?: Date | null } = {},
): Promise<ContactRow> {
  const { rows } = await tx.query<ContactRow>(
    `INSERT INTO contacts AS c (account_id, name, email, phone_number, identifier, avatar_url, blocked, additional_attributes,
                           custom_attributes, search_text, folded, labels, created_at, updated_at, last_activity_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11::jsonb, $12::text[], coalesce($13, now()), coalesce($13, now()), $14)
     RETURNING ${CONTACT_COLUMNS}`,
    [
      accountId,
      ...writtenColumns(values),
      extra.labels ?? [],
      extra.createdAt ?? null,
      extra.lastActivityAt ?? null,
    ],
  );
  return returnedRow(rows, 'INSERT INTO contacts');
}

/** Writes `values`; the version moves only when something did change, so a no-op PATCH makes no feed entry. */
async function updateContact(tx: Queryable, current: ContactRow, values: ContactValues): Promise<ContactRow> {
  const before = valuesOf(current);
  if (sameJsonText(before, values)) return current;
  const { rows } = await tx.query<ContactRow>(
    `UPDATE contacts c SET name = $2, email = $3, phone_number = $4, identifier = $5, avatar_url = $6, blocked = $7,
            additional_attributes = $8::jsonb, custom_attributes = $9::jsonb, search_text = $10, folded = $11::jsonb,
            version = version + 1, updated_at = now()
      WHERE id = $1 RETURNING ${CONTACT_COLUMNS}`,
    [current.id, ...writtenColumns(values)],
  );
  return returnedRow(rows, 'UPDATE contacts');
}

/** A hard delete, as Chatwoot does, leaving tombstones in the change log for the contact, its labels and notes. */
async function deleteContact({ tx, changes }: WriteContext, current: ContactRow): Promise<void> {
  const notes = await tx.query<{ id: number; version: number }>('DELETE FROM notes WHERE contact_id = $1 RETURNING id, version', [current.id]);
  await tx.query('DELETE FROM contacts WHERE id = $1', [current.id]);
  for (const note of notes.rows) await changes.record('note', note.id, 'delete', note.version + 1);
  await changes.record('contact_labels', current.id, 'delete', current.labels_version + 1);
  await changes.record('contact', current.id, 'delete', current.version + 1);
}
