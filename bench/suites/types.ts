import type { SuiteResult } from '../lib/report';

export interface SuiteOptions {
  /** Repetitions per measured figure; medians are reported. */
  runs: number;
  /** Dataset sizes, in contacts. */
  sizes: number[];
  /** Reuse the last build of the pages instead of building them again. */
  reuseBuild: boolean;
  /** Print every sample as it is taken. */
  verbose: boolean;
  /** Show the browser window (for debugging the harness). */
  headed: boolean;
  /** Measure only the raw-read baseline, seeding through the baseline page (checks the harness without the app). */
  baselineOnly: boolean;
}

/** A benchmark suite: `npm run bench -- <name>`. Each lives in its own module under bench/suites/. */
export interface Suite {
  name: string;
  description: string;
  defaultSizes: number[];
  run(options: SuiteOptions): Promise<SuiteResult>;
}
