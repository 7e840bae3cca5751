/**
 * The filter suite: how long applying a filter takes to reach the painted grid, at 100k (and, on
 * request, 1M) contacts. See docs/filter-builder.md ("Speed").
 *
 * Contract with the app (web renderer, dist-web/):
 * - `/?demo=N` seeds N demo contacts into an empty store (custom attributes `plan`, `seats`);
 *   `body[data-app-state]` is `seeding`, then `ready`; the `wintook:interactive` mark follows.
 * - with `?bench=1`, `window.__wintookFilterBench` (src/renderer/src/filters/benchHook.ts):
 *   `apply(payload)` runs the builder's Submit path (validate, compile once, store the predicate),
 *   `clear()`, and `defineAttribute(definition)`.
 * - window event `wintook:grid-rendered` after every change of what the grid shows.
 *
 * Figures (medians of `--runs`):
 * - apply a 5-condition AND/OR filter (text, labels, date, custom number) → painted: the issue's
 *   target (≤ 50 ms at 100k, ≤ 500 ms at 1M). Every sample applies a different variant of the
 *   filter, so each one compiles a new predicate and the grid re-lists (folded text fields may come
 *   from the app's fold cache, as they do when a person edits a filter).
 * - apply a 1-condition filter (labels), a "name contains" filter (text folding over every
 *   contact) and clearing the filter, as references in the same run: the ratio says what the
 *   conditions cost over the grid's own re-list.
 */
import type { Page } from 'playwright-core';
import { launchFreshProfile } from './lib/browser';
import { buildPages } from './lib/build';
import type { BenchWindow } from './lib/page-types';
import { environment, metric, type Metric, type SizeResult, type SuiteResult } from './lib/report';
import { startStaticServer } from './lib/static-server';
import { summarize } from './lib/stats';
import type { Suite, SuiteOptions } from './suites/types';

/** The targets. */
const TARGETS_MS: ReadonlyMap<number, number> = new Map([
  [100_000, 50],
  [1_000_000, 500],
]);

/** Seeding 100k contacts through the app takes ~30 s here; 1M about ten times that. */
const SEED_TIMEOUT_PER_100K_MS = 180_000;
const READY_TIMEOUT_MS = 180_000;
const APPLY_TIMEOUT_MS = 30_000;
const POLL_MS = 25;
const WARM_UP_RUNS = 2;

type Payload = Record<string, unknown>[];

interface FilterBenchWindow extends BenchWindow {
  __wintookFilterBench?: {
    apply(payload: Payload): Promise<{ ok: true } | { ok: false; errors: string[] }>;
    clear(): Promise<void>;
    defineAttribute(definition: {
      key: string;
      displayName: string;
      type: string;
      listValues?: string[];
    }): Promise<void>;
  };
}

const NAME_FRAGMENTS = ['mar', 'jos', 'an', 'el', 'ri', 'lu', 'ca', 'ra'];
const LABEL_SETS = [['vip', 'lead'], ['cliente', 'b2b'], ['soporte'], ['newsletter', 'partner']];

/**
 * `(name contains X AND labels any-of L AND last activity more than D days ago) OR
 *  (seats > S AND city does not contain "madrid")`: text, labels, date and a custom attribute,
 * AND binding tighter than OR. `variant` changes the values so each sample is a new filter.
 */
export function fiveConditionFilter(variant: number): Payload {
  return [
    {
      attribute_key: 'name',
      filter_operator: 'contains',
      values: [NAME_FRAGMENTS[variant % NAME_FRAGMENTS.length]],
      query_operator: 'and',
    },
    {
      attribute_key: 'labels',
      filter_operator: 'equal_to',
      values: LABEL_SETS[variant % LABEL_SETS.length],
      query_operator: 'and',
    },
    {
      attribute_key: 'last_activity_at',
      filter_operator: 'days_before',
      values: [String(30 + variant)],
      query_operator: 'or',
    },
    {
      attribute_key: 'seats',
      filter_operator: 'is_greater_than',
      values: [String(100 + variant)],
      query_operator: 'and',
    },
    { attribute_key: 'city', filter_operator: 'does_not_contain', values: ['madrid'], query_operator: null },
  ];
}

/** One text condition over every contact: the case folding text comparisons need dominates it. */
export function nameFilter(variant: number): Payload {
  return [
    {
      attribute_key: 'name',
      filter_operator: 'contains',
      values: [NAME_FRAGMENTS[variant % NAME_FRAGMENTS.length]],
      query_operator: null,
    },
  ];
}

export function oneConditionFilter(variant: number): Payload {
  return [
    {
      attribute_key: 'labels',
      filter_operator: 'equal_to',
      values: LABEL_SETS[variant % LABEL_SETS.length],
      query_operator: null,
    },
  ];
}

interface Timed {
  ms: number;
  rows: number | null;
}

/**
 * Runs `action` in the page ('apply' with a payload, or 'clear') and times it from the call to the
 * second animation frame after the grid says it rendered.
 */
async function timeInPage(
  page: Page,
  action: { kind: 'apply'; payload: Payload } | { kind: 'clear' },
): Promise<Timed> {
  const result = await page.evaluate(
    ({ action, timeoutMs }) => {
      const w = globalThis as unknown as FilterBenchWindow;
      const hook = w.__wintookFilterBench;
      if (!hook)
        return Promise.resolve({
          error: 'window.__wintookFilterBench is missing: open the app with ?bench=1',
        });
      return new Promise<{ ms: number; rows: number | null } | { error: string }>((resolve) => {
        const timer = w.setTimeout(
          () => resolve({ error: `no wintook:grid-rendered within ${timeoutMs} ms` }),
          timeoutMs,
        );
        let started = 0;
        w.addEventListener(
          'wintook:grid-rendered',
          (event) => {
            const detail = event.detail as { rows?: unknown } | undefined;
            w.requestAnimationFrame(() =>
              w.requestAnimationFrame(() => {
                w.clearTimeout(timer);
                resolve({
                  ms: w.performance.now() - started,
                  rows: typeof detail?.rows === 'number' ? detail.rows : null,
                });
              }),
            );
          },
          { once: true },
        );
        started = w.performance.now();
        const done =
          action.kind === 'apply'
            ? hook.apply(action.payload)
            : hook.clear().then(() => ({ ok: true as const }));
        void done.then((outcome) => {
          if (!outcome.ok) {
            w.clearTimeout(timer);
            resolve({ error: `the filter did not validate: ${outcome.errors.join(', ')}` });
          }
        });
      });
    },
    { action, timeoutMs: APPLY_TIMEOUT_MS },
  );
  if ('error' in result) throw new Error(result.error);
  return result;
}

async function waitForInteractive(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = globalThis as unknown as FilterBenchWindow;
      return (
        w.document.body?.dataset.appState === 'ready' &&
        w.performance.getEntriesByName('wintook:interactive').length > 0 &&
        w.__wintookFilterBench !== undefined
      );
    },
    null,
    { timeout: timeoutMs, polling: POLL_MS },
  );
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 300);
}

async function measureSize(
  origin: string,
  size: number,
  options: SuiteOptions,
  warnings: string[],
): Promise<{ result: SizeResult; browserVersion: string }> {
  const browser = await launchFreshProfile({ headed: options.headed });
  const { page } = browser;
  const tag = `[${size.toLocaleString('en-US')}]`;
  const log = options.verbose ? (text: string) => console.log(`${tag}   ${text}`) : () => undefined;
  const samples = new Map<string, number[]>();
  const failures = new Map<string, string>();
  const add = (key: string, value: number) => samples.set(key, [...(samples.get(key) ?? []), value]);
  const take = async (key: string, measure: () => Promise<Timed>, counted: boolean, label: string) => {
    try {
      const timed = await measure();
      log(`${label}${counted ? '' : ' (warm-up)'}: ${timed.ms.toFixed(1)} ms, ${timed.rows ?? '?'} rows`);
      if (counted) add(key, timed.ms);
    } catch (error) {
      if (!failures.has(key)) failures.set(key, firstLine(error));
    }
  };

  try {
    console.log(`${tag} seeding ${size} demo contacts through the app (/?demo=${size})…`);
    const seedStarted = Date.now();
    await page.goto(`${origin}/?demo=${size}&bench=1`, { waitUntil: 'commit' });
    await page.waitForFunction(
      () => (globalThis as unknown as BenchWindow).document.body?.dataset.appState === 'ready',
      null,
      {
        timeout: Math.max(SEED_TIMEOUT_PER_100K_MS, (SEED_TIMEOUT_PER_100K_MS * size) / 100_000),
        polling: 100,
      },
    );
    add('seed', Date.now() - seedStarted);
    // A fresh load of the stored contacts, as a person opening the app would have.
    await page.goto(`${origin}/?bench=1`, { waitUntil: 'commit' });
    await waitForInteractive(page, READY_TIMEOUT_MS);
    await page.evaluate(async () => {
      const hook = (globalThis as unknown as FilterBenchWindow).__wintookFilterBench!;
      await hook.defineAttribute({ key: 'seats', displayName: 'Seats', type: 'number' });
      await hook.defineAttribute({
        key: 'plan',
        displayName: 'Plan',
        type: 'list',
        listValues: ['free', 'pro', 'enterprise'],
      });
    });
    console.log(`${tag} applying filters, ${options.runs} runs each…`);

    let variant = 0;
    for (let run = -WARM_UP_RUNS; run < options.runs; run++) {
      const counted = run >= 0;
      const steps = [
        () =>
          take(
            'apply5',
            () => timeInPage(page, { kind: 'apply', payload: fiveConditionFilter(variant++) }),
            counted,
            'apply 5 conditions',
          ),
        () => take('clear', () => timeInPage(page, { kind: 'clear' }), counted, 'clear'),
        () =>
          take(
            'apply1',
            () => timeInPage(page, { kind: 'apply', payload: oneConditionFilter(variant++) }),
            counted,
            'apply 1 condition',
          ),
        () => take('clear', () => timeInPage(page, { kind: 'clear' }), false, 'clear'),
        () =>
          take(
            'applyName',
            () => timeInPage(page, { kind: 'apply', payload: nameFilter(variant++) }),
            counted,
            'apply name contains',
          ),
        () => take('clear', () => timeInPage(page, { kind: 'clear' }), false, 'clear'),
      ];
      // Rotate the order each run, so no figure always follows the same step's warm caches.
      const shift = (((run % 3) + 3) % 3) * 2;
      for (const step of [...steps.slice(shift), ...steps.slice(0, shift)]) await step();
    }
  } catch (error) {
    warnings.push(`${tag} stopped early: ${firstLine(error)}`);
  } finally {
    await browser.close();
  }

  const note = (key: string) => (failures.has(key) ? `some samples failed: ${failures.get(key)}` : null);
  const clearMedian = summarize(samples.get('clear') ?? [])?.median ?? null;
  const target = TARGETS_MS.get(size);
  const metrics: Metric[] = [
    metric('seedMs', 'seed through the app (once)', 'ms', samples.get('seed') ?? []),
    metric('applyFiveMs', 'apply 5-condition AND/OR filter → painted', 'ms', samples.get('apply5') ?? [], {
      target: target === undefined ? null : { text: `≤ ${target} ms`, limit: target },
      baselineMedian: clearMedian,
      note: note('apply5'),
    }),
    metric('applyOneMs', 'apply 1-condition filter (labels) → painted', 'ms', samples.get('apply1') ?? [], {
      baselineMedian: clearMedian,
      note: note('apply1'),
    }),
    metric(
      'applyNameMs',
      'apply "name contains" (folds every name) → painted',
      'ms',
      samples.get('applyName') ?? [],
      {
        baselineMedian: clearMedian,
        note: note('applyName'),
      },
    ),
    metric('clearMs', 'baseline: clear filter → painted (full list)', 'ms', samples.get('clear') ?? [], {
      note: note('clear'),
    }),
  ];
  return { result: { size, metrics }, browserVersion: browser.version };
}

/** Measures every size against an app already served at `origin` (the suite builds and serves it). */
export async function measureFilter(origin: string, options: SuiteOptions): Promise<SuiteResult> {
  const warnings: string[] = [];
  const sizes: SizeResult[] = [];
  let browserVersion = 'unknown';
  if (options.baselineOnly)
    warnings.push('--baseline-only does not apply to the filter suite; its baseline is measured in the app');
  for (const size of options.sizes) {
    const measured = await measureSize(origin, size, options, warnings);
    browserVersion = measured.browserVersion;
    sizes.push(measured.result);
  }
  return { suite: 'filter', runs: options.runs, environment: environment(browserVersion), sizes, warnings };
}

export const filterSuite: Suite = {
  name: 'filter',
  description: 'applying a 5-condition AND/OR filter to the painted grid, vs clearing it, in the same run',
  defaultSizes: [100_000],
  async run(options) {
    const pages = await buildPages({ reuse: options.reuseBuild, app: true });
    const server = await startStaticServer([{ prefix: '/', directory: pages.appDir }]);
    try {
      console.log(`Serving the app at ${server.origin}`);
      return await measureFilter(server.origin, options);
    } finally {
      await server.close();
    }
  },
};
