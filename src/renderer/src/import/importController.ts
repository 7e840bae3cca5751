/**
 * Drives the import flow: each step starts a worker job and moves the store on with its answer.
 * Nothing is written before "Start import"; the analysis is a dry run over the whole file, started
 * as soon as the mapping step shows (and again after each change there), and shown when asked for.
 */
import type { AttributeChoice, ColumnTarget, CsvDelimiter, CsvEncoding, ExistingContactKeys } from '../../../shared/csv';
import type { CustomAttributeDefinition } from '../../../shared/validation';
import type { Services } from '../data/api';
import type { ImportBatch } from '../../../shared/records';
import { UNDO_WINDOW_MS } from '../contacts/ContactPanel';
import { type UndoOutcome, RepositoryError, getImport, getUndoPlan, reopenUndoneImport, releaseWarmWorker, startWorkerJob, type WorkerJob } from '../data/api';
import { i18n } from '../i18n';
import { useToasts } from '../ui/toasts';
import type { ImportSettings } from '../../../shared/csv/pipeline';
import { useImport, isImportableName, regionOfLocale, type ImportFlow, type MappingSettings } from './importStore';
import { holdReplies, type HeldJob } from './analysisAhead';

let job: WorkerJob | null = null;

/**
 * The dry run started ahead of "Preview import", and what it ran on: it is adopted only for the
 * same file and settings, over the same stored contacts (the index's version), else run again.
 */
let ahead: { held: HeldJob; file: File; settings: string; indexVersion: number } | null = null;

function replaceJob(next: WorkerJob | null): void {
  job?.terminate();
  job = next;
  if (ahead && ahead.held.job !== next) ahead = null;
}

async function attributeChoices(services: Services): Promise<AttributeChoice[]> {
  const definitions = await services.repository.attributeDefinitions.getAll();
  return definitions.map((d) => ({ key: d.key, displayName: d.displayName, type: d.type, listValues: d.listValues }));
}

function existingKeys(services: Services): ExistingContactKeys[] {
  return services.index.all().map((c) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone, identifier: c.identifier }));
}

/** Starts the flow with a file picked, dropped or opened with the app. */
export function openImportFile(services: Services, file: File): void {
  const { setFlow } = useImport.getState();
  const current = useImport.getState().flow;
  if (current.step === 'importing' || current.step === 'undoing') return; // one import at a time
  if (!isImportableName(file.name)) {
    setFlow({ step: 'problem', fileName: file.name, code: 'not-csv', params: {} });
    return;
  }
  inspect(services, file, {});
}

function inspect(
  services: Services,
  file: File,
  overrides: { encoding?: CsvEncoding; delimiter?: CsvDelimiter },
  previous?: MappingSettings,
  revert?: MappingSettings,
): void {
  const { setFlow } = useImport.getState();
  if (!previous) setFlow({ step: 'reading', fileName: file.name });
  void attributeChoices(services).then((attributes) => {
    replaceJob(
      startWorkerJob({ type: 'inspect', file, fileName: file.name, ...overrides, attributes }, (reply) => {
        if (reply.type === 'inspected') {
          const { inspection } = reply;
          const sameColumns = previous && previous.mapping.length === inspection.header.length;
          setFlow({
            step: 'map',
            file,
            inspection,
            analyzing: null,
            analysis: null,
            settings: {
              encoding: inspection.encoding,
              delimiter: inspection.delimiter,
              mapping: sameColumns ? previous.mapping : inspection.mapping,
              defaultCountry: previous?.defaultCountry ?? regionOfLocale(services.hostInfo.locale),
              policy: previous?.policy ?? 'update',
            },
          });
          analyzeAhead(services);
        } else if (reply.type === 'failed') {
          const flow = useImport.getState().flow;
          if (previous && flow.step === 'map' && flow.file === file) {
            setFlow({ ...flow, settings: revert ?? previous, readingProblem: { code: reply.code, params: reply.params } });
            analyzeAhead(services);
          } else setFlow({ step: 'problem', fileName: file.name, code: reply.code, params: reply.params });
        }
      }),
    );
  });
}

/** Encoding or delimiter changed by hand: read the start again with them. */
export function changeReading(services: Services, change: { encoding?: CsvEncoding; delimiter?: CsvDelimiter }): void {
  const flow = useImport.getState().flow;
  if (flow.step !== 'map') return;
  const settings = { ...flow.settings, ...change };
  useImport.getState().setFlow({ ...flow, settings, analysis: null, analyzing: null });
  inspect(services, flow.file, { encoding: settings.encoding, delimiter: settings.delimiter }, settings, flow.settings);
}

export function changeSettings(services: Services, patch: Partial<MappingSettings>): void {
  replaceJob(null); // an analysis of the old settings must not land on the new ones
  useImport.getState().update((flow) =>
    flow.step === 'map' ? { ...flow, settings: { ...flow.settings, ...patch }, analysis: null, analyzing: null } : flow,
  );
  analyzeAhead(services);
}

async function importSettings(services: Services, settings: MappingSettings): Promise<ImportSettings> {
  const existing = await services.repository.attributeDefinitions.getAll();
  const definitions: CustomAttributeDefinition[] = existing.map((d) => ({ key: d.key, type: d.type, listValues: d.listValues }));
  for (const target of settings.mapping) {
    if (target.kind === 'attribute' && target.create && !definitions.some((d) => d.key === target.key))
      definitions.push({ key: target.key, type: target.create });
  }
  return {
    encoding: settings.encoding,
    delimiter: settings.delimiter,
    mapping: settings.mapping,
    defaultCountry: settings.defaultCountry || undefined,
    policy: settings.policy,
    attributeDefinitions: definitions,
  };
}

/** The dry run's replies moving the mapping step on: its progress, then its totals and preview rows (or the problem). */
function analysisReplies(file: File): Parameters<typeof startWorkerJob>[1] {
  const update = useImport.getState().update;
  return (reply) => {
    if (reply.type === 'progress') update((f) => (f.step === 'map' && f.file === file ? { ...f, analyzing: reply.progress } : f));
    else if (reply.type === 'analyzed')
      update((f) =>
        f.step === 'map' && f.file === file
          ? { ...f, analyzing: null, analysis: { totals: reply.totals, preview: reply.preview, problems: reply.problems } }
          : f,
      );
    else if (reply.type === 'failed') useImport.getState().setFlow({ step: 'problem', fileName: file.name, code: reply.code, params: reply.params });
  };
}

/**
 * Starts the dry run of the mapping step's current settings in the background, so its reading,
 * validating and planning (seconds at 100k rows) overlap the user's choices; "Preview import"
 * adopts it (`analyze`). Every change of the settings replaces it (`changeSettings`).
 */
function analyzeAhead(services: Services): void {
  const flow = useImport.getState().flow;
  if (flow.step !== 'map' || flow.analysis || flow.analyzing) return;
  const { file, settings: chosen } = flow;
  void importSettings(services, chosen).then((settings) => {
    const now = useImport.getState().flow;
    // Changed, previewed or closed meanwhile: whoever did that started what follows.
    if (now.step !== 'map' || now.file !== file || now.settings !== chosen || now.analysis || now.analyzing) return;
    replaceJob(null);
    const indexVersion = services.index.version;
    const held = holdReplies((onReply) => startWorkerJob({ type: 'analyze', file, settings, existing: existingKeys(services) }, onReply));
    job = held.job;
    ahead = { held, file, settings: JSON.stringify(settings), indexVersion };
  });
}

/** The dry run: totals and the preview rows, nothing written (the one started ahead when it still applies). */
export function analyze(services: Services): void {
  const flow = useImport.getState().flow;
  if (flow.step !== 'map') return;
  const { file } = flow;
  useImport.getState().update((f) => (f.step === 'map' ? { ...f, analyzing: { rowsDone: 0, bytesDone: 0, totalBytes: file.size }, analysis: null } : f));
  void importSettings(services, flow.settings).then((settings) => {
    const early = ahead;
    ahead = null;
    const applies =
      early !== null &&
      job === early.held.job &&
      early.file === file &&
      early.settings === JSON.stringify(settings) &&
      early.indexVersion === services.index.version;
    if (applies) early.held.adopt(analysisReplies(file));
    else replaceJob(startWorkerJob({ type: 'analyze', file, settings, existing: existingKeys(services) }, analysisReplies(file)));
  });
}

async function createNewAttributes(services: Services, mapping: readonly ColumnTarget[]): Promise<void> {
  const existing = new Set((await services.repository.attributeDefinitions.getAll()).map((d) => d.key));
  for (const target of mapping) {
    if (target.kind !== 'attribute' || !target.create || existing.has(target.key)) continue;
    await services.repository.attributeDefinitions.create({
      key: target.key,
      displayName: target.key,
      type: target.create,
      listValues: [],
      description: '',
    });
    existing.add(target.key);
  }
}

export function startImport(services: Services): void {
  const flow = useImport.getState().flow;
  if (flow.step !== 'map' || !flow.analysis) return;
  const { file, settings: mappingSettings } = flow;
  const total = flow.analysis.totals.rows;
  const importId = crypto.randomUUID();
  const { setFlow, update } = useImport.getState();
  setFlow({ step: 'importing', file, settings: mappingSettings, importId, total, progress: null, startedAt: performance.now(), progressAt: performance.now(), cancelling: false });
  performance.mark('wintook:import-start');
  void (async () => {
    await createNewAttributes(services, mappingSettings.mapping);
    const settings = await importSettings(services, mappingSettings);
    replaceJob(
      startWorkerJob({ type: 'import', file, fileName: file.name, importId, settings, existing: existingKeys(services) }, (reply) => {
        if (reply.type === 'progress')
          update((f) => (f.step === 'importing' && f.importId === importId ? { ...f, progress: reply.progress, progressAt: performance.now() } : f));
        else if (reply.type === 'imported') {
          performance.mark('wintook:import-end');
          // The worker's last batches reached the index already (they were announced before this
          // reply was sent); the list shows them with the report rather than up to 500 ms after it.
          services.showPendingChanges();
          setFlow({ step: 'report', batch: reply.batch, cancelled: reply.cancelled, failure: null });
        } else if (reply.type === 'failed') {
          const failure = { code: reply.code, params: reply.params };
          if (reply.batch) {
            setFlow({ step: 'report', batch: reply.batch, cancelled: false, failure });
            return;
          }
          // The worker died (or never began): report whatever its committed batches recorded.
          void getImport(importId).then((batch) => {
            if (batch) setFlow({ step: 'report', batch, cancelled: false, failure });
            else setFlow({ step: 'problem', fileName: file.name, code: reply.code, params: reply.params });
          });
        }
      }),
    );
  })();
}

export function cancelImport(): void {
  useImport.getState().update((f) => (f.step === 'importing' ? { ...f, cancelling: true } : f));
  job?.cancel();
}

/** "Undo import": reads what the undo would do and asks (the dialog's confirm-undo step). */
export function askUndoImport(batch: { id: string; fileName: string }): void {
  const { setFlow, update } = useImport.getState();
  void (async () => {
    const flow = useImport.getState().flow;
    if (flow.step === 'importing' || flow.step === 'undoing') return; // one import at a time
    const current = (flow.step === 'report' && flow.batch.id === batch.id ? flow.batch : null) ?? (await getImport(batch.id));
    if (!current) return;
    setFlow({ step: 'confirm-undo', batch: current, plan: null, removeChanged: false });
    try {
      const plan = await getUndoPlan(batch.id);
      update((f) => (f.step === 'confirm-undo' && f.batch.id === batch.id ? { ...f, plan } : f));
    } catch (error) {
      setFlow({ step: 'problem', fileName: batch.fileName, code: 'internal', params: { message: error instanceof Error ? error.message : String(error) } });
    }
  })();
}

export function chooseRemoveChanged(removeChanged: boolean): void {
  useImport.getState().update((f) => (f.step === 'confirm-undo' ? { ...f, removeChanged } : f));
}

/** The services Restore writes through: the window's repository, so the index sees it at once. */
let restoreServices: Services | null = null;

/** The confirmation's "Undo import": the worker removes (and reverts) what the user agreed to. */
export function confirmUndoImport(services: Services): void {
  const flow = useImport.getState().flow;
  if (flow.step !== 'confirm-undo' || !flow.plan) return;
  const { batch, removeChanged } = flow;
  const { setFlow, update } = useImport.getState();
  restoreServices = services;
  setFlow({ step: 'undoing', batch, done: 0, total: 0 });
  replaceJob(
    startWorkerJob({ type: 'undo', importId: batch.id, removeChanged }, (reply) => {
      if (reply.type === 'undo-progress') update((f) => (f.step === 'undoing' ? { ...f, done: reply.done, total: reply.total } : f));
      else if (reply.type === 'undone') {
        const { type: _type, batch: undone, ...outcome } = reply;
        setFlow({ step: 'undone', batch: undone ?? batch, outcome, restoreUntil: Date.now() + UNDO_WINDOW_MS, restoring: false });
      } else if (reply.type === 'failed') setFlow({ step: 'problem', fileName: batch.fileName, code: reply.code, params: reply.params });
    }),
  );
}

/**
 * Restore after an undo: the removed contacts come back through the repository's `restore` (a
 * delete still pending is cancelled, so the server never hears of it; otherwise they go back as
 * creates), the reverted ones get the import's values again as ordinary edits, and the import can be
 * undone again. Returns how many contacts came back or were re-applied.
 */
async function restoreUndone(services: Services, batch: ImportBatch, outcome: UndoOutcome): Promise<number> {
  const { contacts } = services.repository;
  const back = await contacts.restore(outcome.removed);
  let reapplied = 0;
  for (const { id, fields } of outcome.reverted) {
    try {
      await contacts.update(id, fields);
      reapplied++;
    } catch (error) {
      // Deleted since the undo: nothing to re-apply to.
      if (!(error instanceof RepositoryError && error.code === 'not-found')) throw error;
    }
  }
  await reopenUndoneImport(batch.id);
  return back.length + reapplied;
}

export function restoreUndoneImport(services: Services): void {
  const flow = useImport.getState().flow;
  if (flow.step !== 'undone' || flow.restoring || Date.now() > flow.restoreUntil) return;
  const { setFlow, update } = useImport.getState();
  update((f) => (f.step === 'undone' ? { ...f, restoring: true } : f));
  restoreUndone(services, flow.batch, flow.outcome).then(
    (count) => setFlow({ step: 'restored', batch: { ...flow.batch, state: 'finished' }, count }),
    (error: unknown) => setFlow({ step: 'problem', fileName: flow.batch.fileName, code: 'internal', params: { message: error instanceof Error ? error.message : String(error) } }),
  );
}

/**
 * Closing the result of an undo before Restore's time is up leaves Restore in a toast for the
 * rest of it (the dialog is modal: a toast under it could not be reached while it is open).
 */
function offerRestoreAfterClose(flow: ImportFlow): void {
  if (flow.step !== 'undone' || flow.restoring || !restoreServices) return;
  const left = flow.restoreUntil - Date.now();
  if (left <= 0 || flow.outcome.removed.length + flow.outcome.reverted.length === 0) return;
  const services = restoreServices;
  const t = i18n.t.bind(i18n);
  useToasts.getState().show({
    message: t('undoImport.toast', { ns: 'import', file: flow.batch.fileName, count: flow.outcome.deleted }),
    duration: left,
    action: {
      label: t('undoImport.restore', { ns: 'import' }),
      run: () => {
        restoreUndone(services, flow.batch, flow.outcome).then(
          (count) => useToasts.getState().show({ message: t('undoImport.restored', { ns: 'import', count }), duration: 5000 }),
          (error: unknown) =>
            useToasts.getState().show({ message: t('undoImport.restoreFailed', { ns: 'import', message: error instanceof Error ? error.message : String(error) }), duration: 10_000 }),
        );
      },
    },
  });
}

export function closeImport(): void {
  const flow = useImport.getState().flow;
  if (flow.step === 'importing' || flow.step === 'undoing') return; // they end on their own (or with Cancel)
  offerRestoreAfterClose(flow);
  replaceJob(null);
  releaseWarmWorker();
  useImport.getState().setFlow({ step: 'closed' });
}
