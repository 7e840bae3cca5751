/**
 * Account labels (Chatwoot's `Api::V1::Accounts::LabelsController`): `GET/POST /labels`,
 * `GET/PATCH/PUT/DELETE /labels/:id`. A label is `{id, title, description, color, show_on_sidebar}`;
 * titles are lower-cased before validation and unique per account (`app/models/label.rb`). Creating,
 * changing and deleting them is for administrators (`label_policy.rb`); agents read them and tag contacts.
 *
 * Contacts carry label *titles* (`contacts.labels`), not label ids, as Chatwoot's taggings do. So:
 * - a rename renames the title on every contact carrying it, in the same transaction, and records a
 *   `contact_labels` change for each (Chatwoot does the same later, in `Labels::UpdateJob`); the
 *   client's own rename rewrites its local contacts the same way, so both sides agree;
 * - a delete removes the definition only: contacts keep the title (Chatwoot keeps the taggings).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ChangeRecorder } from '../changes';
import { returnedRow, type Queryable } from '../db/database';
import { principalOf, type ServerContext } from '../http/context';
import { invalidRecord, notFound, parseBody, parseId, requireAdministrator, type FieldError } from '../http/errors';
import { checkVersion, ifMatchVersion, performWrite, registerVersionedDelete, sendWrite, versionHeaders } from '../http/write';

/** Chatwoot's default label colour. */
export const DEFAULT_LABEL_COLOR = '#1f93ff';
const TITLE_PATTERN = /^[\p{L}\p{N}_-]+$/u;
const MAX_TITLE = 255;

export interface LabelRow {
  id: number;
  account_id: number;
  title: string;
  description: string | null;
  color: string;
  show_on_sidebar: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const labelFields = z.object({
  title: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  color: z.string().nullable().optional(),
  show_on_sidebar: z.boolean().nullable().optional(),
});

/** `{"label": {…}}` or flat, as Rails' wrap_parameters allows. */
const labelBodySchema = z.preprocess(
  (body) => (typeof body === 'object' && body !== null && 'label' in body && typeof body.label === 'object' && body.label !== null ? body.label : body),
  labelFields,
);

export function serializeLabel(row: LabelRow, strict: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: row.id,
    title: row.title,
    description: row.description,
    color: row.color,
    show_on_sidebar: row.show_on_sidebar,
  };
  if (!strict) json.version = row.version;
  return json;
}

export async function findLabels(db: Queryable, accountId: number, ids: readonly number[]): Promise<LabelRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<LabelRow>('SELECT * FROM labels WHERE account_id = $1 AND id = ANY($2::bigint[])', [accountId, ids]);
  return rows;
}

interface LabelValues {
  title: string;
  description: string | null;
  color: string;
  show_on_sidebar: boolean;
}

async function validateLabel(tx: Queryable, accountId: number, values: LabelValues, exceptId: number): Promise<void> {
  const errors: FieldError[] = [];
  if (values.title === '') errors.push({ attribute: 'title', message: "Title can't be blank" });
  else if (values.title.length > MAX_TITLE) errors.push({ attribute: 'title', message: `Title is too long (maximum is ${MAX_TITLE} characters)` });
  else if (!TITLE_PATTERN.test(values.title)) errors.push({ attribute: 'title', message: 'Title is invalid' });
  if (!/^#[0-9a-f]{6}$/.test(values.color)) errors.push({ attribute: 'color', message: 'Color is invalid' });
  if (errors.length === 0) {
    const { rows } = await tx.query('SELECT 1 FROM labels WHERE account_id = $1 AND title = $2 AND id <> $3', [accountId, values.title, exceptId]);
    if (rows.length > 0) errors.push({ attribute: 'title', message: 'Title has already been taken' });
  }
  if (errors.length > 0) throw invalidRecord(errors);
}

/**
 * Renames `from` to `to` on every contact of the account carrying it, keeping the list's order and
 * its first occurrence of a title (what the client's rename does: `normalizeLabelList`).
 */
async function renameTaggings(tx: Queryable, changes: ChangeRecorder, accountId: number, from: string, to: string): Promise<void> {
  const { rows } = await tx.query<{ id: number; labels: string[]; labels_version: number }>(
    'SELECT id, labels, labels_version FROM contacts WHERE account_id = $1 AND $2 = ANY(labels) FOR UPDATE',
    [accountId, from],
  );
  for (const row of rows) {
    const labels = [...new Set(row.labels.map((title) => (title === from ? to : title)))];
    await tx.query('UPDATE contacts SET labels = $2::text[], labels_version = $3, updated_at = now() WHERE id = $1', [row.id, labels, row.labels_version + 1]);
    await changes.record('contact_labels', row.id, 'upsert', row.labels_version + 1);
  }
}

export function registerLabelRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context;
  const headers = (version: number) => versionHeaders(context.strict, version);
  const requireLabel = async (tx: Queryable, accountId: number, id: number, lock = false) => {
    const { rows } = await tx.query<LabelRow>(`SELECT * FROM labels WHERE account_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [accountId, id]);
    if (!rows[0]) throw notFound();
    return rows[0];
  };
  const idOf = (request: FastifyRequest) => parseId((request.params as { id: string }).id);

  app.get('/labels', async (request) => {
    const principal = principalOf(request);
    const { rows } = await db.query<LabelRow>('SELECT * FROM labels WHERE account_id = $1 ORDER BY id', [principal.accountId]);
    return { payload: rows.map((row) => serializeLabel(row, context.strict)) };
  });

  app.get('/labels/:id', async (request, reply) => {
    const principal = principalOf(request);
    const row = await requireLabel(db, principal.accountId, idOf(request));
    reply.headers(headers(row.version));
    return serializeLabel(row, context.strict);
  });

  app.post('/labels', async (request, reply) => {
    const principal = principalOf(request);
    requireAdministrator(principal, context.strict);
    const body = parseBody(labelBodySchema, request.body);
    const values: LabelValues = {
      title: (body.title ?? '').trim().toLowerCase(),
      description: body.description ?? null,
      color: (body.color ?? DEFAULT_LABEL_COLOR).trim().toLowerCase(),
      show_on_sidebar: body.show_on_sidebar ?? true,
    };
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      await validateLabel(tx, principal.accountId, values, 0);
      const { rows } = await tx.query<LabelRow>(
        'INSERT INTO labels (account_id, title, description, color, show_on_sidebar) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [principal.accountId, values.title, values.description, values.color, values.show_on_sidebar],
      );
      const row = returnedRow(rows, 'INSERT INTO labels');
      await changes.record('label', row.id, 'upsert', row.version);
      return { status: 200, body: serializeLabel(row, context.strict), headers: headers(row.version) };
    });
    return sendWrite(reply, result);
  });

  const update = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(request);
    requireAdministrator(principal, context.strict);
    const id = idOf(request);
    const body = parseBody(labelBodySchema, request.body);
    const expected = ifMatchVersion(request, context.strict);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const current = await requireLabel(tx, principal.accountId, id, true);
      await checkVersion(expected, current.version, async () => serializeLabel(current, context.strict));
      const values: LabelValues = {
        title: body.title === undefined || body.title === null ? current.title : body.title.trim().toLowerCase(),
        description: body.description === undefined ? current.description : body.description,
        color: body.color === undefined || body.color === null ? current.color : body.color.trim().toLowerCase(),
        show_on_sidebar: body.show_on_sidebar ?? current.show_on_sidebar,
      };
      const same =
        values.title === current.title && values.description === current.description && values.color === current.color && values.show_on_sidebar === current.show_on_sidebar;
      if (same) return { status: 200, body: serializeLabel(current, context.strict), headers: headers(current.version) };
      await validateLabel(tx, principal.accountId, values, id);
      const { rows } = await tx.query<LabelRow>(
        `UPDATE labels SET title = $2, description = $3, color = $4, show_on_sidebar = $5, version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING *`,
        [id, values.title, values.description, values.color, values.show_on_sidebar],
      );
      if (values.title !== current.title) await renameTaggings(tx, changes, principal.accountId, current.title, values.title);
      const row = returnedRow(rows, 'UPDATE labels');
      await changes.record('label', id, 'upsert', row.version);
      return { status: 200, body: serializeLabel(row, context.strict), headers: headers(row.version) };
    });
    return sendWrite(reply, result);
  };
  app.patch('/labels/:id', update);
  app.put('/labels/:id', update);

  registerVersionedDelete(app, context, {
    path: '/labels',
    administratorsOnly: true,
    table: 'labels',
    entity: 'label',
    status: 200,
    find: (tx, principal, id) => requireLabel(tx, principal.accountId, id, true),
    serialize: serializeLabel,
  });
}
