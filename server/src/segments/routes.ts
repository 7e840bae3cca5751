/** Saved segments, Chatwoot's custom filters (notes §1.6): per user, `query` stored as given. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf, type ServerContext } from '../http/context';
import { returnedRow, type Queryable } from '../db/database';
import { invalidRecord, notFound, parseBody, parseId } from '../http/errors';
import { checkVersion, ifMatchVersion, performWrite, registerVersionedDelete, sendWrite, versionHeaders } from '../http/write';

export const FILTER_TYPES = ['conversation', 'contact', 'report'] as const;
/** Chatwoot's `MAX_CUSTOM_FILTERS_PER_USER` (lib/limits.rb). */
export const MAX_SEGMENTS_PER_USER = 1000;

export interface SegmentRow {
  id: number;
  account_id: number;
  user_id: number;
  name: string;
  filter_type: number;
  query: unknown;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const filterType = z.union([
  z.number().int().min(0).max(FILTER_TYPES.length - 1),
  z.enum(FILTER_TYPES).transform((name) => FILTER_TYPES.indexOf(name)),
  z.string().regex(/^[0-2]$/).transform(Number),
]);

const segmentBodySchema = z.preprocess(
  (body) => (typeof body === 'object' && body !== null && 'custom_filter' in body && typeof body.custom_filter === 'object' ? body.custom_filter : body),
  z.object({
    name: z.string().nullable().optional(),
    filter_type: filterType.optional(),
    query: z.record(z.string(), z.unknown()).optional(),
  }),
);

export function serializeSegment(row: SegmentRow, strict: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: row.id,
    name: row.name,
    filter_type: FILTER_TYPES[row.filter_type] ?? 'contact',
    query: row.query,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
  if (!strict) json.version = row.version;
  return json;
}

export async function findSegments(db: Queryable, accountId: number, ids: readonly number[]): Promise<SegmentRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<SegmentRow>('SELECT * FROM custom_filters WHERE account_id = $1 AND id = ANY($2::bigint[])', [accountId, ids]);
  return rows;
}

function validName(name: string | null | undefined): string {
  if (!name || name.trim() === '') throw invalidRecord([{ attribute: 'name', message: "Name can't be blank" }]);
  if (name.length > 255) throw invalidRecord([{ attribute: 'name', message: 'Name is too long (maximum is 255 characters)' }]);
  return name;
}

export function registerSegmentRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context;
  const headers = (version: number) => versionHeaders(context.strict, version);
  // Segments belong to the user who saved them: others in the account get 404.
  const requireSegment = async (tx: Queryable, accountId: number, userId: number, id: number, lock = false) => {
    const { rows } = await tx.query<SegmentRow>(`SELECT * FROM custom_filters WHERE account_id = $1 AND user_id = $2 AND id = $3${lock ? ' FOR UPDATE' : ''}`, [
      accountId,
      userId,
      id,
    ]);
    if (!rows[0]) throw notFound();
    return rows[0];
  };

  app.get('/custom_filters', async (request) => {
    const principal = principalOf(request);
    const raw = (request.query as { filter_type?: string }).filter_type;
    // Chatwoot lists conversation filters when no type is given.
    const parsed = filterType.safeParse(raw ?? 'conversation');
    const type = parsed.success ? parsed.data : 0;
    const { rows } = await db.query<SegmentRow>('SELECT * FROM custom_filters WHERE account_id = $1 AND user_id = $2 AND filter_type = $3 ORDER BY id', [
      principal.accountId,
      principal.user.id,
      type,
    ]);
    return rows.map((row) => serializeSegment(row, context.strict));
  });

  app.get('/custom_filters/:id', async (request, reply) => {
    const principal = principalOf(request);
    const row = await requireSegment(db, principal.accountId, principal.user.id, parseId((request.params as { id: string }).id));
    reply.headers(headers(row.version));
    return serializeSegment(row, context.strict);
  });

  app.post('/custom_filters', async (request, reply) => {
    const principal = principalOf(request);
    const body = parseBody(segmentBodySchema, request.body);
    const name = validName(body.name);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const count = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM custom_filters WHERE account_id = $1 AND user_id = $2', [
        principal.accountId,
        principal.user.id,
      ]);
      if (returnedRow(count.rows, 'SELECT count(*)').count >= MAX_SEGMENTS_PER_USER) {
        throw invalidRecord([
          {
            attribute: 'account_id',
            message: `Account Limit reached. The maximum number of allowed custom filters for a user per account is ${MAX_SEGMENTS_PER_USER}.`,
          },
        ]);
      }
      const { rows } = await tx.query<SegmentRow>(
        'INSERT INTO custom_filters (account_id, user_id, name, filter_type, query) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING *',
        [principal.accountId, principal.user.id, name, body.filter_type ?? 0, JSON.stringify(body.query ?? {})],
      );
      const row = returnedRow(rows, 'INSERT INTO custom_filters');
      await changes.record('custom_filter', row.id, 'upsert', row.version, principal.user.id);
      return { status: 200, body: serializeSegment(row, context.strict), headers: headers(row.version) };
    });
    return sendWrite(reply, result);
  });

  const update = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(request);
    const id = parseId((request.params as { id: string }).id);
    const body = parseBody(segmentBodySchema, request.body);
    const expected = ifMatchVersion(request, context.strict);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const current = await requireSegment(tx, principal.accountId, principal.user.id, id, true);
      await checkVersion(expected, current.version, async () => serializeSegment(current, context.strict));
      const name = body.name === undefined ? current.name : validName(body.name);
      const { rows } = await tx.query<SegmentRow>(
        `UPDATE custom_filters SET name = $2, filter_type = $3, query = $4::jsonb, version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING *`,
        [id, name, body.filter_type ?? current.filter_type, JSON.stringify(body.query ?? current.query)],
      );
      const row = returnedRow(rows, 'UPDATE custom_filters');
      await changes.record('custom_filter', id, 'upsert', row.version, principal.user.id);
      return { status: 200, body: serializeSegment(row, context.strict), headers: headers(row.version) };
    });
    return sendWrite(reply, result);
  };
  app.patch('/custom_filters/:id', update);
  app.put('/custom_filters/:id', update);

  registerVersionedDelete(app, context, {
    path: '/custom_filters',
    table: 'custom_filters',
    entity: 'custom_filter',
    status: 204,
    userScoped: true,
    find: (tx, principal, id) => requireSegment(tx, principal.accountId, principal.user.id, id, true),
    serialize: serializeSegment,
  });
}
