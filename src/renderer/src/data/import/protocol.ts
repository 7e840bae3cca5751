/**
 * Messages between the import UI and its worker. The worker gets the File itself, never its text.
 * Both sides parse what they receive with the schemas below (a message is a boundary like IPC, as
 * in data/sync/worker-protocol.ts): a message that does not parse is answered or reported as a
 * failure, never acted on.
 */
import { z } from 'zod';
import { SOCIAL_NETWORKS, type Contact } from '../../../../shared/contact';
import { contactShapeProblem } from '../../../../shared/contact-shape';
import {
  CSV_DELIMITERS,
  CSV_ENCODINGS,
  DUPLICATE_POLICIES,
  IMPORT_ROW_CODES,
  MAPPABLE_FIELDS,
  type AttributeChoice,
  type CsvDelimiter,
  type CsvEncoding,
  type CsvRow,
  type ExistingContactKeys,
  type FileProblemCode,
  type ImportSettings,
  type Inspection,
  type PlanTotals,
  type Progress,
  type RowPlan,
} from '../../../../shared/csv';
import type { ImportBatch, ImportBatchState } from '../../../../shared/records';
import { CUSTOM_ATTRIBUTE_TYPES } from '../../../../shared/validation/attributes';
import { VALIDATION_CODES } from '../../../../shared/validation/codes';
import type { UndoOutcome } from '../store/import-repository';

export type WorkerRequest =
  | { type: 'inspect'; file: Blob; fileName: string; encoding?: CsvEncoding; delimiter?: CsvDelimiter; attributes: AttributeChoice[] }
  | { type: 'analyze'; file: Blob; settings: ImportSettings; existing: ExistingContactKeys[] }
  | { type: 'import'; file: Blob; fileName: string; importId: string; settings: ImportSettings; existing: ExistingContactKeys[] }
  | { type: 'undo'; importId: string; removeChanged: boolean }
  | { type: 'cancel' };

export interface PreviewRow {
  line: number;
  cells: string[];
  plan: RowPlan;
}

export type WorkerReply =
  | { type: 'inspected'; inspection: Inspection }
  | { type: 'progress'; progress: Progress }
  | { type: 'analyzed'; totals: PlanTotals; preview: PreviewRow[]; problems: PreviewRow[]; header: string[] }
  | { type: 'imported'; batch: ImportBatch; cancelled: boolean }
  | ({ type: 'undone'; batch: ImportBatch | undefined } & UndoOutcome)
  | { type: 'undo-progress'; done: number; total: number }
  | { type: 'failed'; code: FileProblemCode | 'internal'; params: Record<string, string | number>; batch?: ImportBatch };

export type { CsvRow };

// ---------------------------------------------------------------------------------------------
// Shared pieces

const count = z.number().int().nonnegative();
const bytes = z.number().nonnegative();
const text = z.string();
const nullableText = z.string().nullable();
const params = z.record(z.string(), z.union([z.string(), z.number()]));
const encoding = z.enum(CSV_ENCODINGS);
const delimiter = z.enum(CSV_DELIMITERS);
const attributeType = z.enum(CUSTOM_ATTRIBUTE_TYPES);
const file = z.instanceof(Blob);

/** Spelled out as a record so that a code added to FileProblemCode fails to compile here until listed. */
const FILE_PROBLEM_CODES: { [Code in FileProblemCode]: Code } = {
  empty: 'empty',
  'header-only': 'header-only',
  binary: 'binary',
  'wrong-encoding': 'wrong-encoding',
  'too-large': 'too-large',
  'unclosed-quote': 'unclosed-quote',
  'cell-too-large': 'cell-too-large',
  'no-rows-decoded': 'no-rows-decoded',
  'read-failed': 'read-failed',
};

const IMPORT_BATCH_STATES: { [State in ImportBatchState]: State } = {
  running: 'running',
  finished: 'finished',
  failed: 'failed',
  cancelled: 'cancelled',
  undoing: 'undoing',
  undone: 'undone',
};

const attributeDefinitionSchema = z.object({ key: text, type: attributeType, listValues: z.array(text).optional() });

const columnTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ignore') }),
  z.object({ kind: z.literal('field'), field: z.enum(MAPPABLE_FIELDS) }),
  z.object({ kind: z.literal('social'), network: z.enum(SOCIAL_NETWORKS) }),
  z.object({ kind: z.literal('labels') }),
  z.object({ kind: z.literal('attribute'), key: text, create: attributeType.optional() }),
]);

/**
 * A stored contact (undo's removed ones, an import's prior states): the repository's own shape
 * check, which takes older rows as they are, rather than a schema that would rebuild 100k objects.
 */
const contactSchema = z.custom<Contact>((value) => contactShapeProblem(value) === null, 'not a contact');

/** Contact fields as the planner made them: loose, so nothing the planner set is dropped on the way. */
const contactFieldsSchema = z.looseObject({
  name: text,
  email: nullableText,
  phone: nullableText,
  identifier: nullableText,
  company: nullableText,
  city: nullableText,
  country: nullableText,
  countryCode: nullableText,
  description: nullableText,
  socialProfiles: z.record(z.string(), z.string()),
  labels: z.array(text),
  customAttributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  blocked: z.boolean(),
});

const rowMessageSchema = z.object({
  field: z.union([
    z.enum(['contact', 'row', 'socialProfiles', 'labels', 'customAttributes', ...MAPPABLE_FIELDS]),
    z.templateLiteral(['customAttributes.', z.string()]),
    z.templateLiteral(['socialProfiles.', z.string()]),
  ]),
  code: z.enum([...VALIDATION_CODES, ...IMPORT_ROW_CODES]),
  params: params.optional(),
});

const rowPlanSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('create'), id: text, fields: contactFieldsSchema, warnings: z.array(rowMessageSchema) }),
  z.object({
    kind: z.literal('update'),
    id: text,
    patch: contactFieldsSchema.partial(),
    existing: z.boolean(),
    warnings: z.array(rowMessageSchema),
  }),
  z.object({ kind: z.literal('skip'), id: text, warnings: z.array(rowMessageSchema) }),
  z.object({ kind: z.literal('fail'), errors: z.array(rowMessageSchema) }),
]);

const previewRowSchema = z.object({ line: count, cells: z.array(text), plan: rowPlanSchema });

const importBatchSchema = z.object({
  id: text,
  fileName: text,
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  state: z.enum(IMPORT_BATCH_STATES),
  counts: z.object({
    rows: count,
    created: count,
    updated: count,
    skipped: count,
    failed: count,
    merged: count.optional(),
    warned: count.optional(),
  }),
  createdIds: z.array(text),
  priorStates: z.array(contactSchema),
  parentId: text.optional(),
  header: z.array(text).optional(),
  encoding: text.optional(),
  delimiter: text.optional(),
  problems: z
    .array(
      z.object({
        line: count,
        cells: z.array(text),
        severity: z.enum(['error', 'warning']),
        messages: z.array(z.object({ field: text, code: text, params: params.optional() })),
      }),
    )
    .optional(),
});

// ---------------------------------------------------------------------------------------------
// Window → worker

const importSettingsSchema = z.object({
  encoding,
  delimiter,
  mapping: z.array(columnTargetSchema),
  defaultCountry: text.optional(),
  policy: z.enum(DUPLICATE_POLICIES),
  attributeDefinitions: z.array(attributeDefinitionSchema),
});

const existingSchema = z.array(
  z.object({ id: text, name: text, email: nullableText, phone: nullableText, identifier: nullableText }),
);

export const workerRequestSchema: z.ZodType<WorkerRequest> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('inspect'),
    file,
    fileName: text,
    encoding: encoding.optional(),
    delimiter: delimiter.optional(),
    attributes: z.array(attributeDefinitionSchema.extend({ displayName: text })),
  }),
  z.object({ type: z.literal('analyze'), file, settings: importSettingsSchema, existing: existingSchema }),
  z.object({
    type: z.literal('import'),
    file,
    fileName: text,
    importId: text,
    settings: importSettingsSchema,
    existing: existingSchema,
  }),
  z.object({ type: z.literal('undo'), importId: text, removeChanged: z.boolean() }),
  z.object({ type: z.literal('cancel') }),
]);

// ---------------------------------------------------------------------------------------------
// Worker → window

const inspectionSchema = z.object({
  fileName: text,
  size: bytes,
  encoding,
  delimiter,
  detectedEncoding: encoding,
  detectedDelimiter: delimiter,
  header: z.array(text),
  duplicateHeaders: z.array(text),
  sample: z.array(z.array(text)),
  mapping: z.array(columnTargetSchema),
  undecodable: count,
});

export const workerReplySchema: z.ZodType<WorkerReply> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('inspected'), inspection: inspectionSchema }),
  z.object({ type: z.literal('progress'), progress: z.object({ rowsDone: count, bytesDone: bytes, totalBytes: bytes }) }),
  z.object({
    type: z.literal('analyzed'),
    totals: z.object({ rows: count, create: count, update: count, merge: count, skip: count, fail: count, warn: count }),
    preview: z.array(previewRowSchema),
    problems: z.array(previewRowSchema),
    header: z.array(text),
  }),
  z.object({ type: z.literal('imported'), batch: importBatchSchema, cancelled: z.boolean() }),
  z.object({
    type: z.literal('undone'),
    batch: z.union([importBatchSchema, z.undefined()]),
    deleted: count,
    restored: count,
    kept: count,
    removed: z.array(contactSchema),
    reverted: z.array(z.object({ id: text, fields: z.record(z.string(), z.unknown()) })),
  }),
  z.object({ type: z.literal('undo-progress'), done: count, total: count }),
  z.object({
    type: z.literal('failed'),
    code: z.union([z.enum(FILE_PROBLEM_CODES), z.literal('internal')]),
    params,
    batch: importBatchSchema.optional(),
  }),
]);

/** A request the worker received, or when it does not parse the failure to answer it with. */
export function readRequest(data: unknown): { ok: true; request: WorkerRequest } | { ok: false; refusal: WorkerReply } {
  const parsed = workerRequestSchema.safeParse(data);
  return parsed.success ? { ok: true, request: parsed.data } : { ok: false, refusal: unexpected('request', parsed.error) };
}

/** A reply the window received, or a failure in its place when it does not parse. */
export function readReply(data: unknown): WorkerReply {
  const parsed = workerReplySchema.safeParse(data);
  return parsed.success ? parsed.data : unexpected('reply', parsed.error);
}

function unexpected(what: 'request' | 'reply', error: z.ZodError): WorkerReply {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return { type: 'failed', code: 'internal', params: { message: `import worker: unexpected ${what}${where} (${issue?.message ?? 'invalid'})` } };
}
