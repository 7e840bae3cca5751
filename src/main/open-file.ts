import { basename, isAbsolute, resolve } from 'node:path';
import { looksLikeDeepLink } from '../shared/deep-link';
import { IMPORT_FILE_NAME, MAX_IMPORT_FILE_BYTES, type OpenedFile } from '../shared/host';
import { createHeldInbox, type HeldInbox } from './held-inbox';

/**
 * Files opened with the app — open-with, a second launch or the first launch with a file
 * argument, macOS `open-file` — as pure functions with injected file access: no `electron`
 * import, so every decision is unit-tested (open-file.test.ts); index.ts wires them to app events.
 */

export interface CommandLine {
  argv: readonly string[];
  /** Relative paths are relative to the launching shell's directory (second-instance passes it). */
  workingDirectory: string;
  /**
   * `process.defaultApp`: true when run as `electron <app path> …` (development, tests), where
   * argv[1] is the app's own entry, not a file to open.
   */
  defaultApp: boolean;
}

/**
 * The file paths a command line asks to open. Skips the executable, the app path when run by the
 * `electron` binary, and every option (`--demo=N`, Chromium's `--user-data-dir=…`,
 * `--allow-file-access-from-files` that Windows adds to a second instance's argv, `-psn_…` from
 * old macOS Finder launches). After a `--`, everything is a path. Paths are made absolute.
 */
export function filePathsFromArgv(commandLine: CommandLine): string[] {
  const positional: string[] = [];
  let optionsEnded = false;
  for (const argument of commandLine.argv.slice(commandLine.defaultApp ? 2 : 1)) {
    if (!optionsEnded && argument === '--') {
      optionsEnded = true;
      continue;
    }
    if (!optionsEnded && argument.startsWith('-')) continue;
    if (argument.length === 0 || argument.includes('\0')) continue;
    // `wintook://…` or `https://…` are not files (Windows/Linux hand URLs over as arguments).
    if (/^[a-z][a-z0-9+.-]+:\/\//i.test(argument) || looksLikeDeepLink(argument)) continue;
    positional.push(isAbsolute(argument) ? argument : resolve(commandLine.workingDirectory, argument));
  }
  return positional;
}

/** The part of `node:fs/promises` the reading needs; tests pass fakes. */
export interface FileAccess {
  stat(path: string): Promise<{ size: number; isFile(): boolean }>;
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
}

/** The longest name the bridge accepts (most file systems allow 255 bytes anyway). */
const MAX_NAME_LENGTH = 255;

/**
 * Reads a file for the import after checking what it can without reading: the extension
 * (.csv/.tsv/.txt) and the size (≤ 512 MB, the import's own limit). A refused file is described,
 * never read; a file that changes size between the check and the read is refused too.
 */
export async function readImportFile(path: string, files: FileAccess): Promise<OpenedFile> {
  const fullName = basename(path) || path;
  const name = fullName.length > MAX_NAME_LENGTH ? `…${fullName.slice(-(MAX_NAME_LENGTH - 1))}` : fullName;
  if (!IMPORT_FILE_NAME.test(fullName)) return { kind: 'refused', name, reason: 'not-csv', size: 0 };
  let size: number;
  try {
    const stats = await files.stat(path);
    if (!stats.isFile()) return { kind: 'refused', name, reason: 'read-failed', size: 0 };
    size = stats.size;
  } catch {
    return { kind: 'refused', name, reason: 'read-failed', size: 0 };
  }
  if (size > MAX_IMPORT_FILE_BYTES) return { kind: 'refused', name, reason: 'too-large', size };
  try {
    const bytes = await files.readFile(path);
    if (bytes.byteLength > MAX_IMPORT_FILE_BYTES) return { kind: 'refused', name, reason: 'too-large', size: bytes.byteLength };
    return { kind: 'file', name, bytes };
  } catch {
    return { kind: 'refused', name, reason: 'read-failed', size };
  }
}

/** Files opened at once beyond this are dropped: the import takes one file at a time anyway. */
export const MAX_PENDING_FILES = 16;

/**
 * Holds opened files until the renderer listens, then hands them over in order (see
 * {@link createHeldInbox}): a file double-clicked on macOS arrives before the window exists.
 */
export type OpenFileInbox = HeldInbox<string>;

export function createOpenFileInbox(deliver: (path: string) => void): OpenFileInbox {
  return createHeldInbox(deliver, MAX_PENDING_FILES);
}
