/**
 * `node --import tsx bench/write-path.ts [--sizes 10000] [--runs 3] [--synced]`: builds the probe page
 * (bench/write-path/) and prints, per piece of a bulk label write, the median over runs, each run
 * in a fresh disk-backed Chromium profile.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { launchFreshProfile } from './lib/browser';
import { startStaticServer } from './lib/static-server';
import { summarize } from './lib/stats';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, synced: { type: 'boolean', default: false } } });
const outDir = resolve(import.meta.dirname, 'results/dist-write-path');
await build({ configFile: resolve(import.meta.dirname, 'write-path/vite.config.ts'), logLevel: 'warn', mode: 'production' });
const server = await startStaticServer([{ prefix: '/write-path/', directory: outDir }]);
try {
  for (const size of values.sizes.split(',').map(Number)) {
    const samples = new Map<string, number[]>();
    for (let run = 0; run < Number(values.runs); run++) {
      const browser = await launchFreshProfile();
      try {
        await browser.page.goto(`${server.origin}/write-path/`);
        const timings = (await browser.page.evaluate(`window.__probe(${size}, ${values.synced})`)) as Record<string, number>;
        for (const [key, value] of Object.entries(timings)) samples.set(key, [...(samples.get(key) ?? []), value]);
      } finally {
        await browser.close();
      }
    }
    console.log(`\n${size} contacts${values.synced ? ' (synced: with base)' : ''}, ${values.runs} runs, median [min–max] ms`);
    for (const [key, list] of samples) {
      const s = summarize(list)!;
      console.log(`  ${key.padEnd(48)} ${String(s.median).padStart(7)}  [${s.min}–${s.max}]`);
    }
  }
} finally {
  await server.close();
}
