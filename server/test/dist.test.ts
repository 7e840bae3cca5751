/**
 * The compiled server (`npm run build:server` → server/dist/main.js), as a server host runs it:
 * what the bundle loads is exactly what server/package.json installs, and it starts, migrates and
 * answers. Built into a folder of its own so it never touches a developer's server/dist.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exited, spawnUntil } from './spawn';

const SERVER = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(SERVER, `dist-test-${process.pid}`);
const DATA = mkdtempSync(join(tmpdir(), 'wintook-dist-'));

beforeAll(() => {
  execFileSync(process.execPath, [join(SERVER, 'build.mjs'), '--out-dir', OUT], { stdio: 'pipe', timeout: 60_000 });
}, 90_000);
afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  rmSync(DATA, { recursive: true, force: true });
});

/** The packages the bundle imports by name (esbuild writes each as `import … from "name"` or `import("name")`). */
function bareImports(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(/(?:^import\s[^;]*?from\s*"([^"]+)";|^import\s*"([^"]+)";|\bimport\("([^"]+)"\))/gm)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? '';
    if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
  }
  return [...names].sort();
}

describe('the compiled server', () => {
  test('imports only what server/package.json installs, all of it', () => {
    const manifest = JSON.parse(readFileSync(join(SERVER, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const bundles = readdirSync(OUT).filter((name) => name.endsWith('.js'));
    expect(bundles.sort()).toEqual(['main.js', 'pglite-worker.js']);
    const imported = [...new Set(bundles.flatMap((name) => bareImports(readFileSync(join(OUT, name), 'utf8'))))].sort();
    expect(imported.length).toBeGreaterThan(0);
    expect(imported).toEqual(Object.keys(manifest.dependencies).sort());
  });

  test('`migrate` applies the migrations copied beside the bundle and exits', async () => {
    const run = spawnUntil([join(OUT, 'main.js'), 'migrate', '--data-dir', join(DATA, 'data')], { cwd: SERVER, env: { ...process.env }, until: /$^/, timeoutMs: 60_000 });
    const output = await run.output;
    expect(run.child.exitCode).toBe(0);
    // A fresh PGlite directory gets every migration; CI's PostgreSQL run finds its database migrated already.
    expect(output).toMatch(process.env.DATABASE_URL ? /^(Applied migrations: 001_init|The database is up to date)/m : /^Applied migrations: 001_init, 002_labels, 003_inbox_messaging/m);
    const again = spawnUntil([join(OUT, 'main.js'), 'migrate', '--data-dir', join(DATA, 'data')], { cwd: SERVER, env: { ...process.env }, until: /$^/, timeoutMs: 60_000 });
    expect(await again.output).toMatch(/^The database is up to date; no migration to apply\.$/m);
  }, 120_000);

  test('starts from the bundle, migrates, and serves the API', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
    // DATABASE_URL stays when set: in CI's PostgreSQL run the bundle migrates that database too.
    const server = spawnUntil([join(OUT, 'main.js'), '--port', '0', '--data-dir', join(DATA, 'data')], {
      cwd: SERVER,
      env,
      until: /Listening on (http:\/\/\S+)/,
      timeoutMs: 60_000,
    });
    try {
      const output = await server.output;
      const address = /Listening on (http:\/\/\S+)/.exec(output)?.[1];
      expect(address, output).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${address}/health`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(200);
      const token = /API token: (\S+)/.exec(output)?.[1];
      if (token) {
        const listed = await fetch(`${address}/api/v1/accounts/1/contacts`, { headers: { api_access_token: token }, signal: AbortSignal.timeout(10_000) });
        expect(listed.status).toBe(200);
        expect(((await listed.json()) as { meta: { count: number } }).meta.count).toBeGreaterThanOrEqual(0);
      }
    } finally {
      server.child.kill('SIGTERM');
      expect(await exited(server.child, 15_000)).toBe(0);
    }
  }, 90_000);
});
