import { create } from 'zustand';
import type { CsvDelimiter, CsvEncoding, ColumnTarget, DuplicatePolicy, PlanTotals } from '../../../shared/csv';
import type { ImportBatch } from '../../../shared/records';
import type { FileProblemCode, Inspection, Progress } from '../../../shared/csv/pipeline';
import { type UndoOutcome, type UndoPlan, type PreviewRow } from '../data/api';

export interface MappingSettings {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  mapping: ColumnTarget[];
  defaultCountry: string;
  policy: DuplicatePolicy;
}

export interface Analysis {
  totals: PlanTotals;
  preview: PreviewRow[];
  problems: PreviewRow[];
}

/** The import flow, one step at a time. */
export type ImportFlow =
  | { step: 'closed' }
  | { step: 'reading'; fileName: string }
  | { step: 'problem'; fileName: string; code: FileProblemCode | 'internal' | 'not-csv'; params: Record<string, string | number> }
  | {
      step: 'map';
      file: File;
      inspection: Inspection;
      settings: MappingSettings;
      analyzing: Progress | null;
      analysis: Analysis | null;
      /** A re-read with a hand-picked encoding or separator failed; the previous reading stays. */
      readingProblem?: { code: FileProblemCode | 'internal'; params: Record<string, string | number> };
    }
  | { step: 'importing'; file: File; settings: MappingSettings; importId: string; total: number; progress: Progress | null; startedAt: number; progressAt: number; cancelling: boolean }
  | { step: 'report'; batch: ImportBatch; cancelled: boolean; failure: { code: string; params: Record<string, string | number> } | null }
  /** Undo asks first (docs/import.md "Undo"): `plan` is null while its figures are read. */
  | { step: 'confirm-undo'; batch: ImportBatch; plan: UndoPlan | null; removeChanged: boolean }
  | { step: 'undoing'; batch: ImportBatch; done: number; total: number }
  /** `restoreUntil`: Restore is offered until then (as long as a delete's Undo). */
  | { step: 'undone'; batch: ImportBatch; outcome: UndoOutcome; restoreUntil: number; restoring: boolean }
  | { step: 'restored'; batch: ImportBatch; count: number };

interface ImportState {
  flow: ImportFlow;
  exportOpen: boolean;
  historyOpen: boolean;
  /** Bumped to ask ImportRoot to open the file picker. */
  pickRequest: number;
  setFlow(flow: ImportFlow): void;
  update(patch: (flow: ImportFlow) => ImportFlow): void;
  requestPick(): void;
  setExportOpen(open: boolean): void;
  setHistoryOpen(open: boolean): void;
}

export const useImport = create<ImportState>()((set) => ({
  flow: { step: 'closed' },
  exportOpen: false,
  historyOpen: false,
  pickRequest: 0,
  setFlow: (flow) => set({ flow }),
  update: (patch) => set((state) => ({ flow: patch(state.flow) })),
  requestPick: () => set((state) => ({ pickRequest: state.pickRequest + 1 })),
  setExportOpen: (exportOpen) => set({ exportOpen }),
  setHistoryOpen: (historyOpen) => set({ historyOpen }),
}));

/** File names the import accepts; anything else dropped on the window is refused. */
export const IMPORT_EXTENSIONS = ['.csv', '.tsv', '.txt'];

export function isImportableName(name: string): boolean {
  const lower = name.toLowerCase();
  return IMPORT_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/** The region of a BCP 47 locale ("es-ES" → "ES"), the default country for national phone numbers. */
export function regionOfLocale(locale: string): string {
  const match = /[-_]([A-Za-z]{2})(?:[-_]|$)/.exec(locale);
  return match?.[1]?.toUpperCase() ?? '';
}
