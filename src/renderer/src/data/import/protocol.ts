/** Messages between the import UI and its worker. The worker gets the File itself, never its text. */
import type { CsvDelimiter, CsvEncoding, CsvRow, ExistingContactKeys, PlanTotals, RowPlan, AttributeChoice } from '../../../../shared/csv';
import type { ImportBatch } from '../../../../shared/records';
import type { UndoOutcome } from '../store/import-repository';
import type { FileProblemCode, ImportSettings, Inspection, Progress } from '../../../../shared/csv/pipeline';

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
