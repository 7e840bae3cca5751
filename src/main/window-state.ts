import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { windowStateSchema, type WindowState } from './policies';

/**
 * The remembered size, position and maximised state of the main window, as a small JSON file in
 * userData. Only file access lives here; validation and fitting are in policies.ts.
 */
export const WINDOW_STATE_FILE_NAME = 'window-state.json';

/** The file's parsed JSON, or null when it is missing or not JSON. `fitWindowState` validates it. */
export function readSavedWindowState(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * Writes the state through a temporary file and a rename, so a crash mid-write leaves the old file
 * rather than half a file. Invalid states (NaN from a minimised window on some platforms) are not
 * written: the last good one is kept.
 */
export function writeWindowState(file: string, state: WindowState): boolean {
  const parsed = windowStateSchema.safeParse(state);
  if (!parsed.success) return false;
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(parsed.data), 'utf8');
  renameSync(temporary, file);
  return true;
}
