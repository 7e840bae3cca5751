/**
 * The PGlite data directory as a process resource: one owner at a time (the lock file), and the
 * database on its own thread, where a slow statement leaves the event loop free and a stuck one is
 * stopped by the watchdog without losing committed work.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DataDirInUseError, LOCK_FILE_NAME, lockDataDir } from '../src/db/data-dir-lock';
import { QUERY_CANCELED, openPgliteThread } from '../src/db/pglite-thread';
import { pgErrorCode } from '../src/db/database';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wintook-db-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('data directory lock', () => {
  test('a second opener is refused with a message naming the owner; after release the directory is free', () => {
    const dir = freshDir();
    const lock = lockDataDir(dir, 'serve');
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(true);
    expect(() => lockDataDir(dir, 'create-account')).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir, 'create-account')).toThrow(new RegExp(`in use by another Wintook server process \\(pid ${process.pid}, "serve"`));
    lock.release();
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    lockDataDir(dir, 'create-account').release();
  });

  test('a lock left by a process that is gone, or an unreadable one, is taken over', () => {
    const dir = freshDir();
    const path = join(dir, LOCK_FILE_NAME);
    writeFileSync(path, JSON.stringify({ pid: deadPid(), command: 'serve', startedAt: '2026-01-01T00:00:00.000Z' }));
    const lock = lockDataDir(dir, 'serve');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, command: 'serve' });
    lock.release();
    writeFileSync(path, 'not json');
    lockDataDir(dir, 'serve').release();
  });

  test('release leaves alone a lock that another process took since', () => {
    const dir = freshDir();
    const path = join(dir, LOCK_FILE_NAME);
    const lock = lockDataDir(dir, 'serve');
    const other = JSON.stringify({ pid: deadPid(), command: 'other', startedAt: 'x' });
    writeFileSync(path, other);
    lock.release();
    expect(readFileSync(path, 'utf8')).toBe(other);
  });
});

describe('PGlite on its own thread', () => {
  test('a slow statement leaves the event loop free; a stuck one is stopped by the watchdog and committed work survives', async () => {
    const dir = freshDir();
    const db = await openPgliteThread(dir);
    try {
      await db.exec('CREATE TABLE kept (x int)');
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO kept VALUES ($1)', [1]);
      });
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO kept VALUES ($1)', [2]);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');

      // On the server's own thread a timer could not fire until the 3 s statement ended.
      const sleepStarted = Date.now();
      const timerFired = new Promise<number>((resolve) => setTimeout(() => resolve(Date.now()), 50));
      await db.query('SELECT pg_sleep(3)');
      expect((await timerFired) - sleepStarted).toBeLessThan(2000);

      let restarts = 0;
      db.onRestart(() => {
        restarts += 1;
      });
      db.setTimeBudget(1000);
      const started = Date.now();
      const stuck = await db.query('SELECT pg_sleep(60)').then(
        () => null,
        (error: unknown) => error,
      );
      expect(pgErrorCode(stuck)).toBe(QUERY_CANCELED);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(restarts).toBe(1);
      const { rows } = await db.query<{ x: number }>('SELECT x FROM kept ORDER BY x');
      expect(rows).toEqual([{ x: 1 }]);
    } finally {
      await db.close();
    }
  }, 180_000);

  test('database errors keep their code and constraint across the thread', async () => {
    const db = await openPgliteThread(freshDir());
    try {
      await db.exec('CREATE TABLE u (x int CONSTRAINT u_x_unique UNIQUE)');
      await db.query('INSERT INTO u VALUES (1)');
      const error = await db.query('INSERT INTO u VALUES (1)').then(
        () => null,
        (thrown: unknown) => thrown as { code?: string; constraint?: string },
      );
      expect(error).toMatchObject({ code: '23505', constraint: 'u_x_unique' });
    } finally {
      await db.close();
    }
  }, 180_000);
});
