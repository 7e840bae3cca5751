import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The installed Electron executable, found the way electron's index.js finds it but without
 * requiring 'electron' (that require downloads the binary when it is missing). Same logic as
 * scripts/start.mjs. Null when there is none, as on machines without internet access.
 */
export function findElectronBinary(root = resolve(import.meta.dirname, '..', '..')): string | null {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) return existsSync(override) ? override : null;
  const electronPackage = join(root, 'node_modules', 'electron');
  const pathFile = join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : join(electronPackage, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

export const NO_ELECTRON_REASON =
  'No Electron binary on this machine: node_modules/electron/dist is missing (its download needs internet access). ' +
  'Run `node node_modules/electron/install.js` where there is network, then `npx electron-vite build` and this suite again.';
