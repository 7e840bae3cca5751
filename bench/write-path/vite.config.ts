import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The write-path probe page (bench/write-path.ts serves it at /write-path/). */
export const probeOutDir = resolve(import.meta.dirname, '../results/dist-write-path');

export default defineConfig({
  root: import.meta.dirname,
  base: '/write-path/',
  // The page imports the renderer's data layer through this alias, so the node project that
  // type-checks bench/ (tsconfig.node.json) does not pull renderer files in (main.ts is ts-nocheck).
  resolve: { alias: { '@renderer-db': resolve(import.meta.dirname, '../../src/renderer/src/data/store') } },
  logLevel: 'warn',
  build: { target: 'chrome130', outDir: probeOutDir, emptyOutDir: true },
});
