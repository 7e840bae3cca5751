/**
 * One process per PGlite data directory. PGlite is PostgreSQL in this process's memory, writing its
 * files directly: a second process opening the same directory (a second server, or `create-account`
 * next to a running server) works on its own copy, and whichever closes last overwrites the other's
 * writes — the printed token never worked and the account vanished on restart (issue 17). A lock file
 * holding the owner's pid refuses the second opener; a lock left by a process that is gone (kill -9,
 * a crash) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'wintook-server.lock';

export class DataDirInUseError extends Error {}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still this process's; safe to call more than once. */
  release(): void;
}

interface LockOwner {
  pid: number;
  command: string;
  startedAt: string;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { pid, command, startedAt } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return null;
    return { pid, command: typeof command === 'string' ? command : 'unknown', startedAt: typeof startedAt === 'string' ? startedAt : 'unknown' };
  } catch {
    return null;
  }
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOwner(path: string): LockOwner | null {
  try {
    return parseOwner(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Takes the data directory for this process (`command` says what for), or throws {@link DataDirInUseError}. */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE_NAME);
  const owner: LockOwner = { pid: process.pid, command, startedAt: new Date().toISOString() };
  // Twice at most: once, and once more after clearing a stale lock (if another process cleared it
  // first and took it, the second try finds that one live and refuses).
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (tryCreate(path, owner)) {
      let held = true;
      return {
        path,
        release() {
          if (!held) return;
          held = false;
          if (readOwner(path)?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    }
    const current = readOwner(path);
    if (current && processAlive(current.pid)) {
      throw new DataDirInUseError(
        `The data directory ${dataDir} is in use by another Wintook server process (pid ${current.pid}, "${current.command}", since ${current.startedAt}). ` +
          'Stop that process first, or use another --data-dir. Account commands cannot run beside a server on the same PGlite directory. ' +
          `If no such process is running, delete ${path}.`,
      );
    }
    // Left by a process that is gone, or unreadable: stale.
    rmSync(path, { force: true });
  }
  throw new DataDirInUseError(`Could not take the lock ${path}; another process keeps taking it.`);
}
