/** Builds the pages the benchmarks load: the web renderer (dist-web/) and the baseline page. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';

export const repositoryRoot = resolve(import.meta.dirname, '../..');
/** `WEB_OUT_DIR` (as vite.web.config.ts reads it) lets parallel runs on one machine build apart. */
export const appOutDir = resolve(repositoryRoot, process.env.WEB_OUT_DIR ?? 'dist-web');
export const baselineOutDir = resolve(repositoryRoot, 'bench/results/dist-baseline');

export interface BuiltPages {
  appDir: string;
  baselineDir: string;
}

/**
 * Builds both pages with Vite (production mode, as shipped), or with `reuse` checks that an earlier
 * build exists. The app keeps its own vite.web.config.ts; the baseline has bench/baseline/vite.config.ts.
 */
export async function buildPages(options: { reuse: boolean; app: boolean }): Promise<BuiltPages> {
  if (options.reuse) {
    for (const directory of options.app ? [appOutDir, baselineOutDir] : [baselineOutDir]) {
      if (!existsSync(resolve(directory, 'index.html'))) {
        throw new Error(`--no-build: ${directory} has no index.html; run once without --no-build`);
      }
    }
    return { appDir: appOutDir, baselineDir: baselineOutDir };
  }
  if (options.app) {
    console.log('Building the web renderer (vite.web.config.ts → dist-web/)…');
    await build({
      configFile: resolve(repositoryRoot, 'vite.web.config.ts'),
      logLevel: 'warn',
      mode: 'production',
    });
  }
  console.log('Building the baseline page (bench/baseline → bench/results/dist-baseline/)…');
  await build({
    configFile: resolve(repositoryRoot, 'bench/baseline/vite.config.ts'),
    logLevel: 'warn',
    mode: 'production',
  });
  return { appDir: appOutDir, baselineDir: baselineOutDir };
}
