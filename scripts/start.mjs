#!/usr/bin/env node
// `npm start`: the desktop app in development (electron-vite dev) when an Electron binary is
// available; otherwise one attempt to download it, and if that fails the web host in the browser.
// Extra arguments go to the app:  npm start -- --demo=1000
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { forwardSignals, serveWeb, webServerUrl } from './web.mjs';

const root = resolve(import.meta.dirname, '..');
const electronPackage = join(root, 'node_modules', 'electron');
/** @electron/get fails in under a second offline; a real download of ~100 MB may take a while. */
const DOWNLOAD_TIMEOUT_MS = 60_000;

/**
 * The Electron executable if one is installed, found the way electron's index.js finds it but
 * without requiring 'electron': that require starts a download when the binary is missing.
 */
function findElectronBinary() {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) return existsSync(override) ? override : null;
  const pathFile = join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
    : join(electronPackage, 'dist', relative);
  return relative && existsSync(binary) ? binary : null;
}

/** Runs electron's own installer once, quietly; resolves true when it succeeded. */
function downloadElectron() {
  return new Promise((resolveDownload) => {
    const installer = join(electronPackage, 'install.js');
    if (!existsSync(installer)) {
      resolveDownload(false);
      return;
    }
    const child = spawn(process.execPath, [installer], {
      cwd: electronPackage,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk) => {
      output = (output + chunk).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGTERM'), DOWNLOAD_TIMEOUT_MS);
    const stopOnSignal = () => child.kill('SIGTERM');
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    child.on('error', () => {
      clearTimeout(timer);
      resolveDownload(false);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', stopOnSignal);
      process.off('SIGTERM', stopOnSignal);
      if (code !== 0 && process.env.WINTOOK_DEBUG_START === '1') process.stderr.write(output);
      resolveDownload(code === 0);
    });
  });
}

function runElectronVite(appArguments) {
  const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const args = [electronVite, 'dev', ...(appArguments.length > 0 ? ['--', ...appArguments] : [])];
  forwardSignals(spawn(process.execPath, args, { cwd: root, stdio: 'inherit' }));
}

const appArguments = process.argv.slice(2);
if (findElectronBinary() || ((await downloadElectron()) && findElectronBinary())) {
  runElectronVite(appArguments);
} else {
  // The renderer reads ?demo=N itself, so the web host honours --demo=N too.
  const demo = appArguments.map((argument) => /^--demo=(\d+)$/.exec(argument)?.[1]).find(Boolean);
  const url = demo ? `${webServerUrl()}?demo=${demo}` : webServerUrl();
  console.log(
    `No Electron binary could be downloaded (no internet access?): serving the web host at ${url} instead.`,
  );
  serveWeb();
}
