/**
 * `npm run bench -- server`: requests per second of the sync server over loopback, for the change
 * feed and for contact writes, against an embedded PGlite (or the PostgreSQL in DATABASE_URL).
 * Figures are milliseconds per request (medians over runs) with requests/s in the notes, beside a
 * baseline measured in the same run: `GET /health`, the cost of HTTP alone on this machine.
 */
import { createAccountWithAdmin } from '../server/src/accounts';
import { buildServer } from '../server/src/app';
import { openDatabase } from '../server/src/db/database';
import { migrate } from '../server/src/db/migrate';
import { seedDemo } from '../server/src/demo';
import { environment, metric, type Metric, type SuiteResult } from './lib/report';
import { summarize } from './lib/stats';
import type { Suite, SuiteOptions } from './suites/types';

/** Writes per run, and how many are in flight at once (a handful of agents syncing). */
const WRITES_PER_RUN = 200;
const WRITE_CONCURRENCY = 8;
const HEALTH_REQUESTS = 300;
const FEED_PAGE = 1000;
const REQUEST_TIMEOUT_MS = 30_000;

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function check(response: Response, what: string): Promise<unknown> {
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** Runs `count` calls of `task`, at most `concurrency` at a time. */
async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

const perSecond = (msPerRequest: number): string => `${Math.round(1000 / msPerRequest).toLocaleString('en-US')} req/s`;

function noteFor(samples: number[], extra = ''): string | null {
  const summary = summarize(samples);
  return summary ? `median ≈ ${perSecond(summary.median)}${extra}` : null;
}

async function run(options: SuiteOptions): Promise<SuiteResult> {
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined });
  await migrate(db);
  const app = buildServer({ db });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const warnings: string[] = [];
  const sizes: SuiteResult['sizes'] = [];
  try {
    for (const size of options.sizes) {
      const account = await createAccountWithAdmin(db, { accountName: `bench ${size}`, adminName: 'Bench', adminEmail: `bench-${size}-${Date.now()}@localhost` });
      const seeded = await timed(async () => {
        await seedDemo(db, account.accountId, account.userId, size, 7);
      });
      if (options.verbose) console.log(`server: seeded ${size} contacts in ${(seeded / 1000).toFixed(1)} s`);
      const base = `${address}/api/v1/accounts/${account.accountId}`;
      const headers = { api_access_token: account.token, 'content-type': 'application/json' };
      const get = (path: string) => fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

      const health: number[] = [];
      const feed: number[] = [];
      const writes: number[] = [];
      const listing: number[] = [];
      let feedPages = 0;
      for (let runIndex = 0; runIndex < options.runs; runIndex++) {
        const healthMs = await timed(() =>
          pool(HEALTH_REQUESTS, WRITE_CONCURRENCY, async () => {
            await check(await fetch(`${address}/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }), 'health');
          }),
        );
        health.push(healthMs / HEALTH_REQUESTS);

        // A full initial sync: the whole feed, page by page, as a new client reads it.
        let pages = 0;
        const feedMs = await timed(async () => {
          let cursor = '0';
          for (;;) {
            const body = (await check(await get(`/sync/changes?since=${cursor}&limit=${FEED_PAGE}`), 'changes')) as { cursor: string; has_more: boolean };
            pages += 1;
            cursor = body.cursor;
            if (!body.has_more) break;
          }
        });
        feedPages = pages;
        feed.push(feedMs / pages);

        const listMs = await timed(async () => {
          await check(await get('/contacts?per_page=1000&sort=name&include_contact_inboxes=false'), 'list');
        });
        listing.push(listMs);

        const writeMs = await timed(() =>
          pool(WRITES_PER_RUN, WRITE_CONCURRENCY, async (index) => {
            const response = await fetch(`${base}/contacts`, {
              method: 'POST',
              headers: { ...headers, 'idempotency-key': `bench-${size}-${runIndex}-${index}` },
              body: JSON.stringify({ name: `Bench ${runIndex}-${index}`, email: `bench-${runIndex}-${index}@bench.test`, custom_attributes: { plan: 'pro' } }),
              signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
            });
            await check(response, 'create');
          }),
        );
        writes.push(writeMs / WRITES_PER_RUN);
        if (options.verbose) {
          console.log(`server ${size} run ${runIndex + 1}: health ${perSecond(health.at(-1) ?? 1)}, feed ${perSecond(feed.at(-1) ?? 1)}, writes ${perSecond(writes.at(-1) ?? 1)}`);
        }
      }
      const baselineMedian = summarize(health)?.median ?? null;
      const metrics: Metric[] = [
        metric('health', 'GET /health (baseline), per request', 'ms', health, { note: noteFor(health, `, ${WRITE_CONCURRENCY} in flight`) }),
        metric('feed', `change feed, ${FEED_PAGE} changes a page, per page`, 'ms', feed, {
          baselineMedian,
          note: noteFor(feed, `, ${feedPages} pages for ${size.toLocaleString('en-US')} contacts with labels and notes`),
        }),
        metric('list', 'GET /contacts?per_page=1000, per page', 'ms', listing, { baselineMedian, note: noteFor(listing) }),
        metric('write', 'POST /contacts with Idempotency-Key, per write', 'ms', writes, {
          baselineMedian,
          note: noteFor(writes, `, ${WRITE_CONCURRENCY} in flight`),
        }),
      ];
      sizes.push({ size, metrics });
    }
  } catch (error) {
    warnings.push(error instanceof Error ? error.message : String(error));
  } finally {
    await app.close();
    await db.close();
  }
  return {
    suite: 'server',
    runs: options.runs,
    environment: environment(db.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'),
    sizes,
    warnings,
  };
}

export const serverSuite: Suite = {
  name: 'server',
  description: 'sync server over loopback: change feed and contact writes (requests/s)',
  defaultSizes: [1000, 10000],
  run,
};
