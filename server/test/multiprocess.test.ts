/**
 * Two server processes on one PostgreSQL database, as compose.yaml runs them behind a load balancer:
 * concurrent writers through both, one process killed with SIGKILL mid-run and restarted, and every
 * write that got no answer retried on the other process under the same Idempotency-Key.
 *
 * Runs against PostgreSQL only (`bash server/ci-postgres.sh`, which .ci/run calls): PGlite is one
 * process's embedded database, so there is no second process to share it with.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccountWithAdmin } from '../src/accounts';
import type { Database } from '../src/db/database';
import { openTestDatabase } from './helpers';
import { exited, spawnUntil, type Spawned } from './spawn';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LISTENING = /Listening on (http:\/\/\S+)/;

const WRITERS = 4;
const WRITES_PER_WRITER = 30;
/** The first process is killed once this many writes have been acknowledged. */
const KILL_AFTER = 40;
const ATTEMPTS = 6;

interface Process {
  spawned: Spawned;
  address: string;
}

async function startProcess(): Promise<Process> {
  const spawned = spawnUntil(['--import', 'tsx', MAIN, '--port', '0', '--log-level', 'warn'], {
    cwd: ROOT,
    env: { ...process.env },
    until: LISTENING,
    timeoutMs: 60_000,
  });
  const output = await spawned.output;
  const address = LISTENING.exec(output)?.[1];
  if (!address) throw new Error(`the server did not start:\n${output}`);
  return { spawned, address };
}

const running: Process[] = [];
let db: Database;

beforeAll(async () => {
  if (process.env.DATABASE_URL) db = await openTestDatabase();
}, 60_000);
afterAll(async () => {
  await Promise.all(running.map(async (server) => {
    server.spawned.child.kill('SIGTERM');
    await exited(server.spawned.child, 15_000);
  }));
  await db?.close();
}, 40_000);

describe.skipIf(!process.env.DATABASE_URL)('two server processes on one PostgreSQL database', () => {
  test('a process killed mid-run loses no acknowledged write and duplicates none', async () => {
    const unique = `${process.pid}-${Date.now()}`;
    const account = await createAccountWithAdmin(db, { accountName: `Multi ${unique}`, adminName: 'Admin', adminEmail: `mp-admin-${unique}@test.local` });
    const base = `/api/v1/accounts/${account.accountId}`;

    let first = await startProcess();
    const second = await startProcess();
    running.push(first, second);

    let acknowledged = 0;
    let killed = false;
    let restarted: Promise<void> | undefined;
    let retriedElsewhere = 0;
    const results = new Map<string, number>();

    const post = async (address: string, key: string, body: unknown): Promise<Response> =>
      fetch(`${address}${base}/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', api_access_token: account.token, 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });

    const write = async (writer: number, index: number): Promise<void> => {
      const email = `mp-${unique}-${writer}-${index}@test.local`;
      const key = `mp-${unique}-${writer}-${index}`;
      const body = { name: `Writer ${writer} #${index}`, email };
      // Writers alternate between the two processes; a write that gets no answer goes to the other one.
      let target = (writer + index) % 2 === 0 ? 'first' : 'second';
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const address = target === 'first' ? first.address : second.address;
        try {
          const response = await post(address, key, body);
          if (response.status >= 500) throw new Error(`status ${response.status}`);
          expect(response.status, await response.clone().text()).toBe(200);
          const payload = (await response.json()) as { payload: { contact: { id: number; email: string } } };
          expect(payload.payload.contact.email).toBe(email);
          results.set(email, payload.payload.contact.id);
          acknowledged += 1;
          if (acknowledged === KILL_AFTER && !killed) {
            killed = true;
            first.spawned.child.kill('SIGKILL');
            restarted = exited(first.spawned.child, 15_000).then(async () => {
              first = await startProcess();
              running.push(first);
            });
          }
          return;
        } catch (error) {
          if (attempt === ATTEMPTS) throw error;
          if (target === 'first') retriedElsewhere += 1;
          target = target === 'first' ? 'second' : 'first';
        }
      }
    };

    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        for (let index = 0; index < WRITES_PER_WRITER; index++) await write(writer, index);
      }),
    );
    await restarted;

    // Every write was acknowledged once the retries settled, and the kill really cut some off.
    expect(killed).toBe(true);
    expect(results.size).toBe(WRITERS * WRITES_PER_WRITER);
    expect(retriedElsewhere).toBeGreaterThan(0);

    // Each acknowledged write is stored exactly once, with the id its answer named; no email twice.
    const { rows } = await db.query<{ id: number; email: string }>('SELECT id, email FROM contacts WHERE account_id = $1 ORDER BY id', [account.accountId]);
    const stored = new Map(rows.map((row) => [row.email, row.id]));
    expect(rows).toHaveLength(WRITERS * WRITES_PER_WRITER);
    expect(stored.size).toBe(rows.length);
    for (const [email, id] of results) expect(stored.get(email), email).toBe(id);

    // Both processes (the restarted one included) serve the same change feed.
    const readFeed = async (address: string): Promise<unknown[]> => {
      const changes: unknown[] = [];
      let cursor = '';
      for (let page = 0; page < 100; page++) {
        const response = await fetch(`${address}${base}/sync/changes?limit=50${cursor ? `&since=${cursor}` : ''}`, {
          headers: { api_access_token: account.token },
          signal: AbortSignal.timeout(15_000),
        });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { changes: unknown[]; cursor: string; has_more: boolean };
        changes.push(...body.changes);
        cursor = body.cursor;
        if (!body.has_more) return changes;
      }
      throw new Error('the feed did not end within 100 pages');
    };
    const [fromFirst, fromSecond] = await Promise.all([readFeed(first.address), readFeed(second.address)]);
    expect(fromFirst.length).toBeGreaterThanOrEqual(WRITERS * WRITES_PER_WRITER);
    expect(fromSecond).toEqual(fromFirst);
  }, 180_000);
});
