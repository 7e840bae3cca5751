/**
 * The import's reading and planning, independent of where it runs (pure: Blob and TextDecoder exist
 * in browsers, workers and Node): the import worker drives it with the picked File, the tests with
 * a Blob. Text is read in ~1 MiB slices, decoded with a streaming
 * TextDecoder (multi-byte characters survive slice borders), tokenised by PapaParse, validated
 * and planned row by row, and handed to the writer in batches; the next slice is parsed while the
 * previous batch commits, and never more than one batch waits (the back-pressure PapaParse's own
 * worker mode cannot give, mholt/PapaParse#265).
 */
import { CsvParseError, CsvStreamParser, type CsvRow } from './parser';
import { ENCODING_SAMPLE_BYTES, createDecoder, detectEncoding, looksBinary, type CsvEncoding } from './encoding';
import { detectDelimiter, type CsvDelimiter } from './delimiter';
import { autoMapping, type AttributeChoice, type ColumnTarget } from './mapping';
import { isBlankRow, validateRow, type RowResult } from './rows';
import {
  ImportPlanner,
  countPlan,
  emptyTotals,
  type DuplicatePolicy,
  type ExistingContactKeys,
  type PlanTotals,
  type RowPlan,
} from './plan';
import type { CustomAttributeDefinition } from '../validation';

/** Bytes read and parsed at a time: ~1 MiB keeps each step well under a frame's budget (notes §2.3). */
export const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * Rows per write transaction: the size trades what a cancel or a crash leaves (whole batches) and
 * the memory of two batches against the per-transaction cost. 5,000 rather than 2,000: a 100k
 * import took 12.2 s against 14.6 s in the same run (bench import, docs/import.md "Performance").
 * The main thread is not affected: the worker announces a batch in 250-contact messages.
 */
export const IMPORT_BATCH_ROWS = 5000;
/** Larger files are refused up front: at ~130 bytes a row this is ~4M rows, past what one window holds. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** Data rows shown in the mapping step. */
export const SAMPLE_ROWS = 20;
/** Rows shown as they will be stored in the preview step. */
export const PREVIEW_ROWS = 50;
/** Problem rows the preview lists (the full list is in the error report after the import). */
export const PREVIEW_PROBLEMS = 200;

export type FileProblemCode =
  | 'empty'
  | 'header-only'
  | 'binary'
  | 'wrong-encoding'
  | 'too-large'
  | 'unclosed-quote'
  | 'cell-too-large'
  | 'no-rows-decoded'
  | 'read-failed';

export class FileProblem extends Error {
  override readonly name = 'FileProblem';
  constructor(
    readonly code: FileProblemCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

export interface Inspection {
  fileName: string;
  size: number;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  detectedEncoding: CsvEncoding;
  detectedDelimiter: CsvDelimiter;
  header: string[];
  /** Header names that appear more than once (their later columns start ignored). */
  duplicateHeaders: string[];
  sample: string[][];
  mapping: ColumnTarget[];
  /** Characters the chosen encoding could not decode in the sample (U+FFFD): a wrong encoding. */
  undecodable: number;
}

async function readBytes(file: Blob, start: number, end: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.slice(start, end).arrayBuffer());
  } catch {
    throw new FileProblem('read-failed');
  }
}

/** Reads the file's start: encoding, delimiter, header, first rows and the automatic mapping. */
export async function inspectFile(
  file: Blob,
  fileName: string,
  options: { encoding?: CsvEncoding; delimiter?: CsvDelimiter; attributes?: readonly AttributeChoice[]; maxBytes?: number } = {},
): Promise<Inspection> {
  if (file.size === 0) throw new FileProblem('empty');
  if (file.size > (options.maxBytes ?? MAX_FILE_BYTES)) throw new FileProblem('too-large', { size: file.size });
  const headBytes = await readBytes(file, 0, Math.min(file.size, READ_CHUNK_BYTES));
  const detected = detectEncoding(headBytes.subarray(0, ENCODING_SAMPLE_BYTES));
  const encoding = options.encoding ?? detected.encoding;
  const whole = headBytes.length === file.size;
  const text = createDecoder(encoding).decode(headBytes, whole);
  if (options.encoding !== undefined && options.encoding !== detected.encoding) {
    // Chosen by hand: if the text makes far less sense than with the detected encoding, say so
    // rather than show a mapping of mojibake (UTF-8 read as UTF-16 is all CJK, one column).
    const asDetected = createDecoder(detected.encoding).decode(headBytes, whole);
    const worse = (plausibility(text) < 0.6 && plausibility(asDetected) > 0.9) || (looksBinary(text) && !looksBinary(asDetected));
    if (worse) throw new FileProblem('wrong-encoding', { encoding });
  }
  if (looksBinary(text)) throw new FileProblem('binary');
  if (text.trim() === '') throw new FileProblem('empty');
  const detectedDelimiter = detectDelimiter(text);
  const delimiter = options.delimiter ?? detectedDelimiter;
  let rows: CsvRow[];
  try {
    rows = new CsvStreamParser(delimiter).push(text, whole);
  } catch (error) {
    throw fileProblemOf(error);
  }
  rows = rows.filter((row) => !isBlankRow(row.cells));
  if (rows.length === 0) throw new FileProblem(whole ? 'empty' : 'cell-too-large', { line: 1 });
  if (rows.length === 1 && whole) throw new FileProblem('header-only');
  const header = rows[0]!.cells.map((cell) => cell.trim());
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const name of header) {
    if (name !== '' && seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  let undecodable = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) undecodable++;
  return {
    fileName,
    size: file.size,
    encoding,
    delimiter,
    detectedEncoding: detected.encoding,
    detectedDelimiter,
    header,
    duplicateHeaders: [...duplicates],
    sample: rows.slice(1, 1 + SAMPLE_ROWS).map((row) => row.cells),
    mapping: autoMapping(header, options.attributes ?? []),
    undecodable,
  };
}

/** Share of characters that are ASCII or Latin-1/Latin Extended letters and punctuation (0–1). */
function plausibility(text: string): number {
  const sample = text.length > 16384 ? text.slice(0, 16384) : text;
  if (sample.length === 0) return 1;
  let plain = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code >= 0x20 && code < 0x7f) || code === 9 || code === 10 || code === 13 || (code >= 0xa0 && code < 0x250) || code === 0x20ac) plain++;
  }
  return plain / sample.length;
}

function fileProblemOf(error: unknown): unknown {
  if (error instanceof CsvParseError) return new FileProblem(error.code, { line: error.line });
  return error;
}

export interface ImportSettings {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  mapping: ColumnTarget[];
  defaultCountry?: string;
  policy: DuplicatePolicy;
  attributeDefinitions: CustomAttributeDefinition[];
}

export interface Progress {
  rowsDone: number;
  bytesDone: number;
  totalBytes: number;
}

/** One planned row of the file, with its cells (kept only when it fails or warns, for the error report). */
export interface PlannedRow {
  line: number;
  cells: string[];
  plan: RowPlan;
}

/**
 * A file read, parsed and validated once, kept for the import that follows its preview: the rows
 * with their cells (for the error report) and validation, by the slice they came from. Planning is
 * not kept: it depends on the contacts stored when the import starts.
 */
export interface ValidatedFile {
  header: string[];
  slices: { bytesDone: number; rows: ValidatedRow[] }[];
}

/** A data row as read: its validation, or null when its quotes were unbalanced. */
export interface ValidatedRow {
  line: number;
  cells: string[];
  result: RowResult | null;
}

/** Files up to this size are kept validated after a preview (~250k rows; ~100 MB of worker memory at most). */
export const KEEP_VALIDATED_MAX_BYTES = 32 * 1024 * 1024;

/**
 * What a row's validation depends on: the file (name, size, modification time) and the settings
 * that reach `validateRow` — reading, mapping, default country, and the definitions of the mapped
 * attributes (a new attribute the import creates validates as the same type before and after).
 * Two equal keys validate every row alike; the duplicate policy only changes planning.
 */
export function validationKey(file: { name?: string; size: number; lastModified?: number }, settings: ImportSettings): string {
  const attributes = settings.mapping.flatMap((target) => {
    if (target.kind !== 'attribute') return [];
    const definition = settings.attributeDefinitions.find((d) => d.key === target.key);
    return [[target.key, definition?.type ?? null, definition?.listValues ?? []]];
  });
  return JSON.stringify([file.name ?? '', file.size, file.lastModified ?? 0, settings.encoding, settings.delimiter, settings.mapping, settings.defaultCountry ?? '', attributes]);
}

export interface RunHooks {
  existing: Iterable<ExistingContactKeys>;
  /** The file as a preview read it with the same settings: read from here instead of the file. */
  validated?: ValidatedFile;
  /** Keeps what is read and validated here (a preview, for the import that follows it). */
  keepValidated?: ValidatedFile;
  newId: () => string;
  onProgress?: (progress: Progress) => void;
  /** Writes one batch; absent for a dry run. Awaited before the next batch is handed over. */
  commit?: (rows: PlannedRow[]) => Promise<void>;
  /** Checked between batches. */
  cancelled?: () => boolean;
  /** Rows per batch handed to `commit`; `IMPORT_BATCH_ROWS` unless a test wants small batches. */
  batchRows?: number;
  /** Called for every planned row of a dry run (the preview collects some). */
  onRow?: (row: ValidatedRow, plan: RowPlan) => void;
}

export interface RunResult {
  header: string[];
  totals: PlanTotals;
  cancelled: boolean;
}

/**
 * Reads the whole file, plans every row and (with `commit`) writes them in batches. Throws
 * `FileProblem` for a file that cannot be read as CSV; rows before the problem may have been
 * committed (the preview's dry run finds such problems before anything is written).
 */
export async function runImport(file: Blob, settings: ImportSettings, hooks: RunHooks): Promise<RunResult> {
  const decoder = createDecoder(settings.encoding);
  const parser = new CsvStreamParser(settings.delimiter);
  const planner = new ImportPlanner(hooks.existing, { policy: settings.policy, newId: hooks.newId });
  const rowOptions = {
    mapping: settings.mapping,
    defaultCountry: settings.defaultCountry,
    attributeDefinitions: settings.attributeDefinitions,
  };
  const totals = emptyTotals();
  const batchRows = hooks.batchRows ?? IMPORT_BATCH_ROWS;
  let header: string[] | null = null;
  let batch: PlannedRow[] = [];
  let inFlight: Promise<void> | null = null;
  let bytesDone = 0;
  let cancelled = false;

  const flush = async (): Promise<void> => {
    if (inFlight) await inFlight;
    inFlight = null;
    if (batch.length === 0 || !hooks.commit) return;
    const rows = batch;
    batch = [];
    inFlight = hooks.commit(rows);
  };

  const kept = hooks.keepValidated;
  if (hooks.validated) header = hooks.validated.header;
  // Slices of validated rows: from the preview's reading when there is one, else read, parsed
  // and validated here, ~1 MiB of the file at a time.
  async function* slices(): AsyncGenerator<{ bytesDone: number; rows: ValidatedRow[] }> {
    if (hooks.validated) {
      yield* hooks.validated.slices;
      return;
    }
    for (let offset = 0; offset < file.size || offset === 0; offset += READ_CHUNK_BYTES) {
      const end = Math.min(file.size, offset + READ_CHUNK_BYTES);
      const last = end >= file.size;
      const bytes = await readBytes(file, offset, end);
      let rows: CsvRow[];
      try {
        rows = parser.push(decoder.decode(bytes, last), last);
      } catch (error) {
        if (inFlight) await inFlight;
        throw fileProblemOf(error);
      }
      const validated: ValidatedRow[] = [];
      for (const row of rows) {
        if (header === null) {
          // Blank lines before the header are skipped, as inspectFile skips them: the header the
          // user mapped is the header the rows are read against.
          if (isBlankRow(row.cells)) continue;
          header = row.cells.map((cell) => cell.trim());
          if (kept) kept.header = header;
          continue;
        }
        if (isBlankRow(row.cells)) continue;
        validated.push({ line: row.line, cells: row.cells, result: row.malformed ? null : validateRow(row.cells, header.length, rowOptions) });
      }
      const slice = { bytesDone: end, rows: validated };
      kept?.slices.push(slice);
      yield slice;
      if (last) return;
    }
  }

  for await (const slice of slices()) {
    if (hooks.cancelled?.()) {
      cancelled = true;
      break;
    }
    bytesDone = slice.bytesDone;
    for (const row of slice.rows) {
      const plan: RowPlan = row.result === null ? { kind: 'fail', errors: [{ field: 'row', code: 'malformed-quotes' }] } : planner.plan(row.line, row.result);
      countPlan(totals, plan);
      hooks.onRow?.(row, plan);
      if (hooks.commit) {
        const keep = plan.kind === 'fail' || (plan.kind !== 'skip' && plan.warnings.length > 0);
        batch.push({ line: row.line, cells: keep ? row.cells : [], plan });
        if (batch.length >= batchRows) {
          await flush();
          hooks.onProgress?.({ rowsDone: totals.rows, bytesDone, totalBytes: file.size });
          if (hooks.cancelled?.()) {
            cancelled = true;
            break;
          }
        }
      }
    }
    if (cancelled) break;
    hooks.onProgress?.({ rowsDone: totals.rows, bytesDone, totalBytes: file.size });
  }
  if (!cancelled) await flush();
  if (inFlight) await inFlight;
  if (header === null) throw new FileProblem('empty');
  if (totals.rows === 0) throw new FileProblem('header-only');
  return { header, totals, cancelled };
}
