import { extname, join } from 'node:path';

/**
 * The save dialog's decisions as pure functions (save-file.test.ts); files.ts shows the dialog.
 */

/** Where the save dialog starts: the suggested name in the user's Documents folder. */
export function defaultSavePath(documentsFolder: string, suggestedName: string): string {
  return join(documentsFolder, suggestedName);
}

/**
 * The path to write. Some Linux dialogs return exactly what was typed, so a name typed without an
 * extension gets `.csv` (the file is a CSV whatever it is called); any other extension the user
 * typed is theirs to choose.
 */
export function withCsvExtension(chosenPath: string): string {
  return extname(chosenPath) === '' ? `${chosenPath}.csv` : chosenPath;
}
