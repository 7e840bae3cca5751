/// <reference lib="webworker" />
/**
 * The import worker: reads, plans and writes off the main thread, so the window stays responsive
 * through a 100k-row import. One worker per job; the UI terminates it when the job is over,
 * except after a preview, whose worker may run the import that follows (`kept` below).
 */
import { openDb } from '../store/schema';
import { beginImport, finishImport, prepareImportBatch, undoImport, writeImportBatch, type ImportRecordCache } from '../store/import-repository';
import { createWorkerCore } from './core';
import {
  FileProblem,
  KEEP_VALIDATED_MAX_BYTES,
  PREVIEW_PROBLEMS,
  PREVIEW_ROWS,
  inspectFile,
  runImport,
  validationKey,
  type PlannedRow,
  type ValidatedFile,
} from '../../../../shared/csv/pipeline';
import { createBatchQueue } from './batch-queue';
import { readRequest, type PreviewRow, type WorkerReply, type WorkerRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let cancelled = false;
/**
 * The last preview's reading of its file, validated: the window keeps this worker after a preview
 * (data/import/client.ts) and sends it the import that follows, which then plans and writes without
 * reading, parsing and validating the file a second time (a third of the worker's CPU at 100k).
 */
let kept: { key: string; file: ValidatedFile } | null = null;
const reply = (message: WorkerReply) => self.postMessage(message);

function failure(error: unknown): WorkerReply {
  if (error instanceof FileProblem) return { type: 'failed', code: error.code, params: error.params };
  return { type: 'failed', code: 'internal', params: { message: error instanceof Error ? error.message : String(error) } };
}

self.onmessage = (event: MessageEvent<unknown>) => {
  const read = readRequest(event.data);
  // Only the window posts here: a message it did not mean is a bug, answered as a failure.
  if (!read.ok) {
    reply(read.refusal);
    return;
  }
  const { request } = read;
  if (request.type === 'cancel') {
    cancelled = true;
    return;
  }
  void handle(request).catch((error: unknown) => reply(failure(error)));
};

async function handle(request: Exclude<WorkerRequest, { type: 'cancel' }>): Promise<void> {
  switch (request.type) {
    case 'inspect': {
      const inspection = await inspectFile(request.file, request.fileName, {
        encoding: request.encoding,
        delimiter: request.delimiter,
        attributes: request.attributes,
      });
      reply({ type: 'inspected', inspection });
      return;
    }
    case 'analyze': {
      const preview: PreviewRow[] = [];
      const problems: PreviewRow[] = [];
      let ids = 0;
      let lastProgress = 0;
      kept = null;
      const keep: ValidatedFile | undefined = request.file.size <= KEEP_VALIDATED_MAX_BYTES ? { header: [], slices: [] } : undefined;
      const result = await runImport(request.file, request.settings, {
        existing: request.existing,
        keepValidated: keep,
        newId: () => `preview-${++ids}`,
        cancelled: () => cancelled,
        onRow: (row, plan) => {
          if (preview.length < PREVIEW_ROWS) preview.push({ line: row.line, cells: row.cells, plan });
          const problem = plan.kind === 'fail' || (plan.kind !== 'skip' && plan.warnings.length > 0);
          if (problem && problems.length < PREVIEW_PROBLEMS) problems.push({ line: row.line, cells: row.cells, plan });
        },
        onProgress: (progress) => {
          const now = Date.now();
          if (now - lastProgress < 100) return;
          lastProgress = now;
          reply({ type: 'progress', progress });
        },
      });
      if (keep && !result.cancelled) kept = { key: validationKey(request.file, request.settings), file: keep };
      reply({ type: 'analyzed', totals: result.totals, preview, problems, header: result.header });
      return;
    }
    case 'import': {
      cancelled = false; // this worker may have run the preview before (data/import/client.ts)
      const db = await openDb();
      const core = createWorkerCore(db);
      try {
        const head = await inspectFile(request.file, request.fileName, {
          encoding: request.settings.encoding,
          delimiter: request.settings.delimiter,
        });
        // The import's record, as this worker last wrote it (it is its only writer while it runs).
        const record: ImportRecordCache = {};
        record.main = await beginImport(core, {
          id: request.importId,
          fileName: request.fileName,
          header: head.header,
          encoding: request.settings.encoding,
          delimiter: request.settings.delimiter,
        });
        const importedIds = new Set<string>();
        const priorRecorded = new Set<string>();
        let failed: WorkerReply | null = null;
        let wasCancelled = false;
        // Batch n+1 is prepared while batch n is written; the writes stay in file order, one at a time.
        const batches = createBatchQueue(
          (rows: PlannedRow[]) => prepareImportBatch(core, rows),
          (prepared, segment) => writeImportBatch(core, request.importId, segment, prepared, importedIds, priorRecorded, record),
        );
        try {
          const validated = kept?.key === validationKey(request.file, request.settings) ? kept.file : undefined;
          kept = null;
          const result = await runImport(request.file, request.settings, {
            existing: request.existing,
            validated,
            newId: core.newId,
            cancelled: () => cancelled,
            commit: (rows) => batches.commit(rows),
            onProgress: (progress) => reply({ type: 'progress', progress }),
          });
          await batches.drain();
          wasCancelled = result.cancelled;
        } catch (error) {
          failed = failure(error);
          await batches.drain().catch(() => undefined);
        }
        const batch = await finishImport(core, request.importId, failed ? 'failed' : wasCancelled ? 'cancelled' : 'finished');
        if (failed && failed.type === 'failed') reply({ ...failed, batch });
        else if (batch) reply({ type: 'imported', batch, cancelled: wasCancelled });
      } finally {
        core.close();
        db.close();
      }
      return;
    }
    case 'undo': {
      const db = await openDb();
      const core = createWorkerCore(db);
      try {
        const outcome = await undoImport(core, request.importId, {
          removeChanged: request.removeChanged,
          onProgress: (done, total) => reply({ type: 'undo-progress', done, total }),
        });
        reply({ type: 'undone', batch: await db.importBatches.get(request.importId), ...outcome });
      } finally {
        core.close();
        db.close();
      }
      return;
    }
  }
}
