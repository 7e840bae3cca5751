#!/usr/bin/env node
// Serves the renderer with the web host in a plain browser (Vite dev server, vite.web.config.ts)
// until stopped. PORT picks the port (default 5173); the host is always 127.0.0.1.
//   npm run web            then open http://127.0.0.1:5173/
//   PORT=8080 npm run web
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');

export function webServerUrl() {
  return `http://127.0.0.1:${process.env.PORT ?? 5173}/`;
}

/** Runs `vite` with the web config as a child, forwarding signals; exits with its status. */
export function serveWeb() {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // The vite binary run directly with this Node (what `npx vite` resolves to), so signals reach it
  // without an npx process in between.
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, '--config', 'vite.web.config.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, VITE_APP_VERSION: process.env.VITE_APP_VERSION ?? version },
  });
  forwardSignals(child);
  return child;
}

export function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 1 : 0));
  });
  child.on('error', (error) => {
    console.error(`Could not start ${child.spawnfile}: ${error.message}`);
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  serveWeb();
}
