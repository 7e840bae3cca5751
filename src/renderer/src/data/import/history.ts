/**
 * Reads past imports for their reports and undo's confirmation, on a connection of this window;
 * the import's writes go through the worker, except Restore's reopening of an undone import.
 */
import { CSV_DELIMITERS, errorReportCsv } from '../../../../shared/csv';
import type { ImportBatch, ImportProblemRow } from '../../../../shared/records';
import { importProblems, listImports, planImportUndo, reopenImport, type UndoPlan } from '../store/import-repository';
import { openDb, type WintookDb } from '../store/schema';

let connection: Promise<WintookDb> | null = null;
function db(): Promise<WintookDb> {
  connection ??= openDb();
  return connection;
}

export async function getImport(id: string): Promise<ImportBatch | undefined> {
  return (await db()).importBatches.get(id);
}

export async function getImports(): Promise<ImportBatch[]> {
  return listImports(await db());
}

export async function getUndoPlan(id: string): Promise<UndoPlan> {
  return planImportUndo(await db(), id);
}

export async function reopenUndoneImport(id: string): Promise<ImportBatch | undefined> {
  return reopenImport(await db(), id);
}

export async function getProblems(id: string): Promise<ImportProblemRow[]> {
  return importProblems(await db(), id);
}

/**
 * The error report: the failed (and warned) rows as they were, plus a column (named `errorsHeader`,
 * in the user's language) saying why, in the file's own delimiter.
 */
export async function errorReport(batch: ImportBatch, describe: (row: ImportProblemRow) => string, errorsHeader: string): Promise<string> {
  const problems = await getProblems(batch.id);
  const delimiter = CSV_DELIMITERS.find((candidate) => candidate === batch.delimiter);
  return errorReportCsv(
    batch.header ?? [],
    problems.map((row) => ({ cells: row.cells, errors: describe(row) })),
    { delimiter, errorsHeader },
  );
}
