/**
 * npm run bench [-- <suite>] [--json <file>] [--runs N] [--sizes 10000,100000] [--no-build] [--baseline-only]
 *   [--verbose] [--headed]
 *
 * Runs one benchmark suite and prints a table of medians beside their targets; `--json` also writes
 * the figures. Figures are a report, not a test: nothing here fails on a missed target.
 */
import { parseArgs } from 'node:util';
import { formatTable, writeJson } from './lib/report';
import { findSuite, PLANNED_SUITES, SUITES } from './suites/index';

const DEFAULT_RUNS = 5;
/** The whole run stops itself after this, whatever hangs (every step also has its own timeout). */
const WATCHDOG_MS = 45 * 60_000;

function suiteList(): string {
  const lines = SUITES.map(
    (suite) =>
      `  ${suite.name.padEnd(8)} ${suite.description} (default sizes ${suite.defaultSizes.join(', ')})`,
  );
  return `Suites:\n${lines.join('\n')}\nPlanned, not implemented yet: ${PLANNED_SUITES.join(', ')}`;
}

const usage = `Usage: npm run bench [-- <suite>] [options]
  --runs N            repetitions per figure, medians reported (default ${DEFAULT_RUNS})
  --sizes A,B         dataset sizes in contacts (default: the suite's)
  --json FILE         also write the figures as JSON
  --no-build          reuse dist-web/ and bench/results/dist-baseline/ from the last run
  --baseline-only     seed through the baseline page and measure only the raw-read baseline
  --verbose, -v       print every sample as it is taken
  --headed            show the browser
${suiteList()}`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

function parsePositiveInteger(text: string, what: string): number {
  const value = Number(text.replace(/[_k]/gi, (match) => (match.toLowerCase() === 'k' ? '000' : '')));
  if (!Number.isSafeInteger(value) || value <= 0) fail(`${what} must be a positive integer, got "${text}"`);
  return value;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        runs: { type: 'string' },
        sizes: { type: 'string' },
        json: { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        'baseline-only': { type: 'boolean', default: false },
        headed: { type: 'boolean', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return;
  }
  if (positionals.length > 1) fail(`one suite at a time, got ${positionals.join(', ')}`);
  const name = positionals[0] ?? 'grid';
  const suite = findSuite(name);
  if (!suite) {
    const planned = (PLANNED_SUITES as readonly string[]).includes(name);
    console.error(
      `${planned ? `The "${name}" suite is not implemented yet.` : `Unknown suite "${name}".`}\n${suiteList()}`,
    );
    process.exit(2);
  }
  const runs = values.runs === undefined ? DEFAULT_RUNS : parsePositiveInteger(values.runs, '--runs');
  const sizes =
    values.sizes === undefined
      ? suite.defaultSizes
      : values.sizes.split(',').map((size) => parsePositiveInteger(size.trim(), '--sizes'));

  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS / 60_000} min; giving up.`);
    process.exit(3);
  }, WATCHDOG_MS);
  watchdog.unref();

  const started = Date.now();
  const result = await suite.run({
    runs,
    sizes,
    reuseBuild: values['no-build'] ?? false,
    headed: values.headed ?? false,
    verbose: values.verbose ?? false,
    baselineOnly: values['baseline-only'] ?? false,
  });
  const { environment } = result;
  console.log(
    `\n${suite.name} — ${runs} run(s) per figure, medians — ${environment.browser}, Node ${environment.node}, ` +
      `${environment.cores}× ${environment.cpu}, ${environment.memoryGiB} GiB — ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  console.log(formatTable(result));
  if (values.json) console.log(`\nWrote ${writeJson(result, values.json)}`);
  clearTimeout(watchdog);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
