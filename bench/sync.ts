/**
 * `npm run bench -- sync`: the sync engine (issue 8) against the local server over loopback, with
 * its database on fake-indexeddb in Node (Chromium's IndexedDB is faster at bulk writes; see
 * docs/benchmarks.md, so these are upper bounds for the client side).
 *
 * Figures per size: the first sync of N server contacts, and pushing min(N, 10,000) offline edits,
 * each with the extension and as stock Chatwoot (`--strict-chatwoot`), with the requests made.
 * Stock Chatwoot lists 15 contacts a page and needs one more request per contact for its labels,
 * so its first sync is measured on at most STRICT_CAP contacts and scaled linearly in the note.
 */
import { createAccountWithAdmin } from '../server/src/accounts';
import { buildServer } from '../server/src/app';
import { openDatabase } from '../server/src/db/database';
import { migrate } from '../server/src/db/migrate';
import { seedDemo } from '../server/src/demo';
import { environment, metric, type Metric, type SuiteResult } from './lib/report';
import type { Suite, SuiteOptions } from './suites/types';

/** Stock-mode runs are ~7 requests per 100 contacts plus one per contact: cap them to keep the suite minutes long. */
const STRICT_CAP = 2000;
const EDIT_CAP = 10_000;

interface Engine {
  syncNow(options?: { fullReconcile?: boolean }): Promise<{ ok: boolean; requests: number; failure: unknown }>;
}
interface Client {
  engine: Engine;
  repository: {
    contacts: {
      getAll(): Promise<{ id: string; city: string | null }[]>;
      update(id: string, patch: { city: string }): Promise<unknown>;
    };
  };
  close(): void;
}
interface Harness {
  createTestClient(transport: unknown): Client;
  fetchTransportFor(url: string, accountId: number, token: string): unknown;
}

// The harness (renderer code, Dexie on fake-indexeddb) is in the test TypeScript project: loaded at run time.
const HARNESS = '../tests/support/sync-harness.ts';

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await work();
  return [performance.now() - started, value];
}

async function run(options: SuiteOptions): Promise<SuiteResult> {
  const harness = (await import(HARNESS)) as Harness;
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined });
  await migrate(db);
  const app = buildServer({ db });
  const strictApp = buildServer({ db, strict: true });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const strictUrl = await strictApp.listen({ port: 0, host: '127.0.0.1' });
  const warnings: string[] = [];
  const sizes: SuiteResult['sizes'] = [];
  try {
    for (const size of options.sizes) {
      const samples: Record<string, number[]> = { first: [], firstStrict: [], push: [], pushStrict: [] };
      const requests: Record<string, number> = {};
      for (let runIndex = 0; runIndex < options.runs; runIndex++) {
        for (const strict of [false, true]) {
          const count = strict ? Math.min(size, STRICT_CAP) : size;
          const account = await createAccountWithAdmin(db, { accountName: `sync bench ${size}`, adminName: 'Bench', adminEmail: `sync-bench-${size}-${runIndex}-${strict}-${Date.now()}@localhost` });
          await seedDemo(db, account.accountId, account.userId, count, 11);
          const client = harness.createTestClient(harness.fetchTransportFor(strict ? strictUrl : url, account.accountId, account.token));
          const [firstMs, first] = await timed(() => client.engine.syncNow({ fullReconcile: true }));
          if (!first.ok) warnings.push(`first sync ${strict ? 'strict' : 'extension'} ${size}: ${JSON.stringify(first.failure)}`);
          const contacts = await client.repository.contacts.getAll();
          const edits = Math.min(contacts.length, EDIT_CAP, strict ? STRICT_CAP : EDIT_CAP);
          for (let i = 0; i < edits; i++) await client.repository.contacts.update(contacts[i].id, { city: `Bench ${runIndex}-${i}` });
          const [pushMs, pushed] = await timed(() => client.engine.syncNow());
          if (!pushed.ok) warnings.push(`push ${strict ? 'strict' : 'extension'} ${size}: ${JSON.stringify(pushed.failure)}`);
          client.close();
          const scale = size / count;
          samples[strict ? 'firstStrict' : 'first'].push(firstMs * scale);
          samples[strict ? 'pushStrict' : 'push'].push(pushMs);
          requests[strict ? 'firstStrict' : 'first'] = Math.round(first.requests * scale);
          requests[strict ? 'pushStrict' : 'push'] = pushed.requests;
          requests[strict ? 'editsStrict' : 'edits'] = edits;
          if (options.verbose) console.log(`sync ${size} ${strict ? 'strict' : 'extension'} run ${runIndex + 1}: first ${Math.round(firstMs)} ms / ${first.requests} req, push ${edits} edits ${Math.round(pushMs)} ms / ${pushed.requests} req`);
        }
      }
      const strictNote = size > STRICT_CAP ? ` (measured on ${STRICT_CAP.toLocaleString('en-US')}, scaled ×${(size / STRICT_CAP).toFixed(0)})` : '';
      const metrics: Metric[] = [
        metric('first', `first sync of ${size.toLocaleString('en-US')} contacts, extension`, 'ms', samples.first, { note: `${requests.first} requests` }),
        metric('firstStrict', `first sync, stock Chatwoot`, 'ms', samples.firstStrict, { note: `≈ ${requests.firstStrict} requests${strictNote}` }),
        metric('push', `push ${requests.edits} offline edits, extension`, 'ms', samples.push, { note: `${requests.push} requests` }),
        metric('pushStrict', `push ${requests.editsStrict} offline edits, stock Chatwoot`, 'ms', samples.pushStrict, { note: `${requests.pushStrict} requests (GET + PATCH each)` }),
      ];
      sizes.push({ size, metrics });
    }
  } finally {
    await Promise.all([app.close(), strictApp.close()]);
    await db.close();
  }
  return { suite: 'sync', runs: options.runs, environment: environment('none (Node, fake-indexeddb)'), sizes, warnings };
}

export const syncSuite: Suite = {
  name: 'sync',
  description: 'sync engine: first sync and pushing offline edits, extension vs stock Chatwoot',
  defaultSizes: [10_000],
  run,
};
