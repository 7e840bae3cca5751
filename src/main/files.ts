import { readFile, stat, writeFile } from 'node:fs/promises';
import { app, dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { OpenedFile, SaveCsvRequest } from '../shared/host';
import { menuLabels } from './menu-template';
import { readImportFile, type FileAccess } from './open-file';
import { defaultSavePath, withCsvExtension } from './save-file';

/**
 * The native open and save dialogs for CSV files, and reading a file for the import. Thin: the
 * decisions are in open-file.ts and save-file.ts.
 */

export const nodeFileAccess: FileAccess = { stat, readFile };

/** "Import" (`$mod+I`, File → Import…): the open dialog filtered to what the import reads. */
export async function pickCsvFile(window: BrowserWindow | null): Promise<OpenedFile | null> {
  const labels = menuLabels(app.getLocale());
  const options: OpenDialogOptions = {
    properties: ['openFile'],
    filters: [{ name: labels.csvFiles, extensions: ['csv', 'tsv', 'txt'] }],
  };
  const choice = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  const path = choice.filePaths[0];
  if (choice.canceled || path === undefined) return null;
  return readImportFile(path, nodeFileAccess);
}

/** "Export" and error reports: the save dialog with the suggested name; false when cancelled. */
export async function saveCsvFile(window: BrowserWindow | null, request: SaveCsvRequest): Promise<boolean> {
  const labels = menuLabels(app.getLocale());
  const options: SaveDialogOptions = {
    defaultPath: defaultSavePath(app.getPath('documents'), request.suggestedName),
    filters: [{ name: labels.csvFiles, extensions: ['csv'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return false;
  await writeFile(withCsvExtension(choice.filePath), request.content, 'utf8');
  return true;
}
