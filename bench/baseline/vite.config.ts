import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds the raw-read baseline page on its own, so the app's vite.web.config.ts stays untouched.
 * The bench serves it at /bench-baseline/ beside the app (same origin, same IndexedDB).
 */
export const baselineOutDir = resolve(import.meta.dirname, '../results/dist-baseline');

export default defineConfig({
  root: import.meta.dirname,
  base: '/bench-baseline/',
  logLevel: 'warn',
  build: {
    target: 'chrome130',
    outDir: baselineOutDir,
    emptyOutDir: true,
  },
});
