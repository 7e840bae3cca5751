/** Custom attribute definitions (notes §1.6): plain objects and arrays, no `payload` wrapper. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isReservedAttributeKey } from '../../../src/shared/validation/attributes';
import { principalOf, type ServerContext } from '../http/context';
import { returnedRow, type Queryable } from '../db/database';
import { invalidRecord, notFound, parseBody, parseId, requireAdministrator, type FieldError } from '../http/errors';
import { checkVersion, ifMatchVersion, performWrite, registerVersionedDelete, sendWrite, versionHeaders } from '../http/write';

export const DISPLAY_TYPES = ['text', 'number', 'currency', 'percent', 'link', 'date', 'list', 'checkbox'] as const;
export const ATTRIBUTE_MODELS = ['conversation_attribute', 'contact_attribute'] as const;
const CONTACT_MODEL = 1;

export interface DefinitionRow {
  id: number;
  account_id: number;
  attribute_display_name: string;
  attribute_key: string;
  attribute_display_type: number;
  attribute_model: number;
  attribute_description: string | null;
  attribute_values: unknown;
  regex_pattern: string | null;
  regex_cue: string | null;
  default_value: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** Rails enums accept the name or the integer. */
function enumValue(names: readonly string[]) {
  return z.union([z.number().int().min(0).max(names.length - 1), z.enum(names as [string, ...string[]]).transform((name) => names.indexOf(name)), z.string().regex(/^\d$/).transform(Number)]);
}

const definitionFields = z.object({
  attribute_display_name: z.string().nullable().optional(),
  attribute_key: z.string().nullable().optional(),
  attribute_display_type: enumValue(DISPLAY_TYPES).refine((value) => value < DISPLAY_TYPES.length, 'is not included in the list').optional(),
  attribute_model: enumValue(ATTRIBUTE_MODELS).refine((value) => value < ATTRIBUTE_MODELS.length, 'is not included in the list').optional(),
  attribute_description: z.string().nullable().optional(),
  attribute_values: z.array(z.string()).nullable().optional(),
  regex_pattern: z.string().nullable().optional(),
  regex_cue: z.string().nullable().optional(),
  default_value: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
});

const definitionBodySchema = z.preprocess(
  (body) =>
    typeof body === 'object' && body !== null && 'custom_attribute_definition' in body && typeof body.custom_attribute_definition === 'object'
      ? body.custom_attribute_definition
      : body,
  definitionFields,
);

export function serializeDefinition(row: DefinitionRow, strict: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: row.id,
    attribute_display_name: row.attribute_display_name,
    attribute_display_type: DISPLAY_TYPES[row.attribute_display_type] ?? 'text',
    attribute_description: row.attribute_description,
    attribute_key: row.attribute_key,
    regex_pattern: row.regex_pattern,
    regex_cue: row.regex_cue,
    attribute_values: row.attribute_values,
    attribute_model: ATTRIBUTE_MODELS[row.attribute_model] ?? 'contact_attribute',
    default_value: row.default_value,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
  if (!strict) json.version = row.version;
  return json;
}

export async function findDefinitions(db: Queryable, accountId: number, ids: readonly number[]): Promise<DefinitionRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<DefinitionRow>('SELECT * FROM custom_attribute_definitions WHERE account_id = $1 AND id = ANY($2::bigint[])', [
    accountId,
    ids,
  ]);
  return rows;
}

const MAX_TEXT = 255;

async function validateDefinition(tx: Queryable, accountId: number, values: DefinitionValues, exceptId: number): Promise<void> {
  const errors: FieldError[] = [];
  if (values.attribute_display_name.trim() === '') errors.push({ attribute: 'attribute_display_name', message: "Attribute display name can't be blank" });
  if (values.attribute_key.trim() === '') errors.push({ attribute: 'attribute_key', message: "Attribute key can't be blank" });
  for (const attribute of ['attribute_display_name', 'attribute_key'] as const) {
    if (values[attribute].length > MAX_TEXT) errors.push({ attribute, message: `${attribute === 'attribute_key' ? 'Attribute key' : 'Attribute display name'} is too long (maximum is ${MAX_TEXT} characters)` });
  }
  if (values.attribute_model === CONTACT_MODEL && isReservedAttributeKey(values.attribute_key)) {
    errors.push({ attribute: 'attribute_key', message: 'Attribute key The provided key is not allowed as it might conflict with default attributes.' });
  }
  const { rows } = await tx.query('SELECT 1 FROM custom_attribute_definitions WHERE account_id = $1 AND attribute_model = $2 AND attribute_key = $3 AND id <> $4', [
    accountId,
    values.attribute_model,
    values.attribute_key,
    exceptId,
  ]);
  if (rows.length > 0) errors.push({ attribute: 'attribute_key', message: 'Attribute key has already been taken' });
  if (errors.length > 0) throw invalidRecord(errors);
}

type DefinitionValues = Omit<DefinitionRow, 'id' | 'account_id' | 'version' | 'created_at' | 'updated_at'>;

/** The written columns' parameters, in the order both INSERT and UPDATE list them ($2…$10). */
function writtenColumns(values: DefinitionValues): unknown[] {
  return [
    values.attribute_display_name,
    values.attribute_key,
    values.attribute_display_type,
    values.attribute_model,
    values.attribute_description,
    JSON.stringify(values.attribute_values),
    values.regex_pattern,
    values.regex_cue,
    values.default_value,
  ];
}

export function registerAttributeRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context;
  const headers = (version: number) => versionHeaders(context.strict, version);
  const requireDefinition = async (tx: Queryable, accountId: number, id: number, lock = false) => {
    const { rows } = await tx.query<DefinitionRow>(`SELECT * FROM custom_attribute_definitions WHERE account_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [
      accountId,
      id,
    ]);
    if (!rows[0]) throw notFound();
    return rows[0];
  };

  app.get('/custom_attribute_definitions', async (request) => {
    const principal = principalOf(request);
    const raw = (request.query as { attribute_model?: string }).attribute_model;
    const model = raw === undefined ? null : /^\d$/.test(raw) ? Number(raw) : ATTRIBUTE_MODELS.indexOf(raw as (typeof ATTRIBUTE_MODELS)[number]);
    const { rows } = await db.query<DefinitionRow>(
      'SELECT * FROM custom_attribute_definitions WHERE account_id = $1 AND ($2::int IS NULL OR attribute_model = $2::int) ORDER BY id',
      [principal.accountId, model],
    );
    return rows.map((row) => serializeDefinition(row, context.strict));
  });

  app.get('/custom_attribute_definitions/:id', async (request, reply) => {
    const principal = principalOf(request);
    const row = await requireDefinition(db, principal.accountId, parseId((request.params as { id: string }).id));
    reply.headers(headers(row.version));
    return serializeDefinition(row, context.strict);
  });

  app.post('/custom_attribute_definitions', async (request, reply) => {
    const principal = principalOf(request);
    requireAdministrator(principal, context.strict);
    const body = parseBody(definitionBodySchema, request.body);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const values = {
        attribute_display_name: body.attribute_display_name ?? '',
        attribute_key: body.attribute_key ?? '',
        attribute_display_type: body.attribute_display_type ?? 0,
        attribute_model: body.attribute_model ?? 0,
        attribute_description: body.attribute_description ?? null,
        attribute_values: body.attribute_values ?? [],
        regex_pattern: body.regex_pattern ?? null,
        regex_cue: body.regex_cue ?? null,
        default_value: body.default_value === undefined || body.default_value === null ? null : String(body.default_value),
      };
      await validateDefinition(tx, principal.accountId, values, 0);
      const { rows } = await tx.query<DefinitionRow>(
        `INSERT INTO custom_attribute_definitions (account_id, attribute_display_name, attribute_key, attribute_display_type, attribute_model,
           attribute_description, attribute_values, regex_pattern, regex_cue, default_value)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10) RETURNING *`,
        [principal.accountId, ...writtenColumns(values)],
      );
      const row = returnedRow(rows, 'INSERT INTO custom_attribute_definitions');
      await changes.record('custom_attribute_definition', row.id, 'upsert', row.version);
      return { status: 200, body: serializeDefinition(row, context.strict), headers: headers(row.version) };
    });
    return sendWrite(reply, result);
  });

  const update = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(request);
    requireAdministrator(principal, context.strict);
    const id = parseId((request.params as { id: string }).id);
    const body = parseBody(definitionBodySchema, request.body);
    const expected = ifMatchVersion(request, context.strict);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const current = await requireDefinition(tx, principal.accountId, id, true);
      await checkVersion(expected, current.version, async () => serializeDefinition(current, context.strict));
      const values = {
        attribute_display_name: body.attribute_display_name ?? current.attribute_display_name,
        attribute_key: body.attribute_key ?? current.attribute_key,
        attribute_display_type: body.attribute_display_type ?? current.attribute_display_type,
        attribute_model: body.attribute_model ?? current.attribute_model,
        attribute_description: body.attribute_description === undefined ? current.attribute_description : body.attribute_description,
        attribute_values: body.attribute_values === undefined ? current.attribute_values : (body.attribute_values ?? []),
        regex_pattern: body.regex_pattern === undefined ? current.regex_pattern : body.regex_pattern,
        regex_cue: body.regex_cue === undefined ? current.regex_cue : body.regex_cue,
        default_value: body.default_value === undefined ? current.default_value : body.default_value === null ? null : String(body.default_value),
      };
      await validateDefinition(tx, principal.accountId, values, id);
      const { rows } = await tx.query<DefinitionRow>(
        `UPDATE custom_attribute_definitions SET attribute_display_name = $2, attribute_key = $3, attribute_display_type = $4, attribute_model = $5,
           attribute_description = $6, attribute_values = $7::jsonb, regex_pattern = $8, regex_cue = $9, default_value = $10,
           version = version + 1, updated_at = now()
         WHERE id = $1 RETURNING *`,
        [id, ...writtenColumns(values)],
      );
      const row = returnedRow(rows, 'UPDATE custom_attribute_definitions');
      await changes.record('custom_attribute_definition', id, 'upsert', row.version);
      return { status: 200, body: serializeDefinition(row, context.strict), headers: headers(row.version) };
    });
    return sendWrite(reply, result);
  };
  app.patch('/custom_attribute_definitions/:id', update);
  app.put('/custom_attribute_definitions/:id', update);

  registerVersionedDelete(app, context, {
    path: '/custom_attribute_definitions',
    administratorsOnly: true,
    table: 'custom_attribute_definitions',
    entity: 'custom_attribute_definition',
    status: 204,
    find: (tx, principal, id) => requireDefinition(tx, principal.accountId, id, true),
    serialize: serializeDefinition,
  });
}
