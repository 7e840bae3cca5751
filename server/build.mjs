/**
 * `npm run build:server`: the server compiled for a server host, where only `server/` is installed
 * (`cd server && npm ci --omit=dev && node dist/main.js`, or the Docker image, docs/deploy.md).
 *
 * esbuild bundles server/src with the few src/shared modules it uses into server/dist/main.js (and
 * pglite-worker.js, PGlite's thread); npm packages stay external (PGlite loads its WebAssembly beside its own
 * module, pg has an optional native binding) and come from server/package.json. The SQL migrations
 * are copied beside the bundle, where the bundled migrate.ts looks for them.
 */
import { cpSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const serverDir = fileURLToPath(new URL('.', import.meta.url));
// --out-dir: the tests build a copy of their own (it must stay inside the project, where Node finds node_modules).
const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
const outDir = values['out-dir'] ? resolve(values['out-dir']) : `${serverDir}dist`;

rmSync(outDir, { recursive: true, force: true });
await build({
  // PGlite runs on a worker thread of its own (src/db/pglite-thread.ts), loaded from pglite-worker.js.
  entryPoints: { main: `${serverDir}src/main.ts`, 'pglite-worker': `${serverDir}src/db/pglite-worker.ts` },
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  legalComments: 'none',
  define: { 'process.env.WINTOOK_SERVER_BUNDLE': '"1"' },
  logLevel: 'warning',
});
cpSync(`${serverDir}migrations`, `${outDir}/migrations`, { recursive: true });
process.stdout.write(`server: built ${outDir}/main.js\n`);
