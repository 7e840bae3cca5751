/**
 * The long fault-injection run of the sync engine (issue 8): the same scenario as the `npm test`
 * suite (src/renderer/src/data/sync/sync-faults.test.ts) over many more seeds and longer histories.
 *
 *   node --import tsx scripts/sync-soak.ts [--seeds 2000] [--from 1] [--steps 60]
 *
 * Prints one line per failing seed (replay it with SYNC_SEED=<n> in the suite) and a summary; exits 1
 * when any seed failed.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface ScenarioReport {
  seed: number;
  problems: string[];
  restarts: number;
  serverContacts: number;
  faults: Record<string, number>;
  trace: string[];
}
interface Harness {
  close(): Promise<void>;
}

// The scenario (renderer code, Dexie on fake-indexeddb) is in the test TypeScript project: loaded at run time.
const SYNC_SUPPORT = '../tests/support/';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seeds: { type: 'string', default: '2000' }, from: { type: 'string', default: '1' }, steps: { type: 'string', default: '60' } } });
  const seeds = Number(values.seeds);
  const from = Number(values.from);
  const steps = Number(values.steps);
  const harness = (await import(`${SYNC_SUPPORT}sync-harness.ts`)) as { startServers(): Promise<Harness> };
  const faults = (await import(`${SYNC_SUPPORT}sync-faults.ts`)) as {
    runFaultScenario(servers: Harness, seed: number, options: { steps: number; strict: boolean; records: boolean }): Promise<ScenarioReport>;
  };
  const servers = await harness.startServers();
  const started = Date.now();
  let failed = 0;
  let restarts = 0;
  try {
    for (let seed = from; seed < from + seeds; seed += 1) {
      const strict = seed % 4 === 0;
      // As in the suite: every third seed also edits notes and labels.
      const report = await faults.runFaultScenario(servers, seed, { steps, strict, records: seed % 3 === 0 });
      restarts += report.restarts;
      if (report.problems.length > 0) {
        failed += 1;
        const tracePath = join(tmpdir(), `sync-soak-seed-${seed}.log`);
        writeFileSync(tracePath, `${report.problems.join('\n')}\n\n${report.trace.join('\n')}\n`);
        console.log(`seed ${seed}${strict ? ' (strict)' : ''}: ${report.problems.join('; ')} (trace: ${tracePath})`);
      }
      if ((seed - from + 1) % 100 === 0) console.log(`${seed - from + 1}/${seeds} seeds, ${failed} failed, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  } finally {
    await servers.close();
  }
  console.log(`${seeds} seeds × ${steps} steps: ${failed} failed, ${restarts} client restarts, ${Math.round((Date.now() - started) / 1000)} s`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
