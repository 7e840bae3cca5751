/**
 * The server as a process: configuration, migrations under concurrency, a real socket, and
 * `server/src/main.ts` started the way `npm run server` starts it (bounded, always stopped).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildServer } from '../src/app';
import { ensureFirstAccount, runCommand } from '../src/cli';
import { ConfigError, parseConfig } from '../src/config';
import { migrate } from '../src/db/migrate';
import { createHarness, type Harness } from './helpers';
import { exited, spawnUntil, type Spawned } from './spawn';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('configuration', () => {
  test('flags win over the environment, which wins over defaults', () => {
    const defaults = parseConfig([], {});
    expect(defaults).toMatchObject({ command: 'serve', host: '127.0.0.1', port: 3000, dataDir: 'server/.data', strict: false, demo: 0, databaseUrl: undefined });
    const fromEnv = parseConfig([], { PORT: '4000', DATA_DIR: '/tmp/x', STRICT_CHATWOOT: 'true', DATABASE_URL: 'postgres://u@h/db' });
    expect(fromEnv).toMatchObject({ port: 4000, dataDir: '/tmp/x', strict: true, databaseUrl: 'postgres://u@h/db' });
    const fromFlags = parseConfig(['--port', '5000', '--data-dir', '/tmp/y', '--strict-chatwoot', '--demo', '50'], { PORT: '4000' });
    expect(fromFlags).toMatchObject({ port: 5000, dataDir: '/tmp/y', strict: true, demo: 50 });
    expect(parseConfig(['create-agent', '--account', '2', '--name', 'Ana', '--email', 'a@x', '--role', 'administrator'], {})).toMatchObject({
      command: 'create-agent',
      account: 2,
      role: 'administrator',
    });
    expect(() => parseConfig(['--port', '70000'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--port', 'abc'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['launch'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--role', 'root'], {})).toThrow(ConfigError);
  });
});

describe('migrations', () => {
  test('applied once, even when several processes migrate at the same moment', async () => {
    expect(await migrate(h.db)).toEqual([]);
    const table = `probe_${process.pid}_${Date.now()}`;
    const probe = [{ version: `999_${table}`, sql: `CREATE TABLE ${table} (x int); INSERT INTO ${table} VALUES (1);` }];
    const results = await Promise.all([migrate(h.db, probe), migrate(h.db, probe), migrate(h.db, probe)]);
    expect(results.flat()).toEqual([`999_${table}`]);
    const { rows } = await h.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`);
    expect(rows[0].count).toBe(1);
    await h.db.exec(`DROP TABLE ${table}; DELETE FROM schema_migrations WHERE version = '999_${table}';`);
  });

  test('a failing migration leaves nothing behind', async () => {
    const table = `broken_${process.pid}_${Date.now()}`;
    await expect(migrate(h.db, [{ version: `998_${table}`, sql: `CREATE TABLE ${table} (x int); SELECT no_such_function();` }])).rejects.toThrow();
    const { rows } = await h.db.query('SELECT 1 FROM schema_migrations WHERE version = $1', [`998_${table}`]);
    expect(rows).toEqual([]);
    await expect(h.db.query(`SELECT * FROM ${table}`)).rejects.toThrow();
  });
});

describe('a real socket', () => {
  test('listens on 127.0.0.1, answers over HTTP, and closes', async () => {
    const acct = await h.newAccount();
    const app = buildServer({ db: h.db });
    try {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const created = await fetch(`${address}${acct.base}/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', api_access_token: acct.token },
        body: JSON.stringify({ name: 'Over the wire' }),
        signal: AbortSignal.timeout(10_000),
      });
      expect(created.status).toBe(200);
      const listed = await fetch(`${address}${acct.base}/contacts`, { headers: { api_access_token: acct.token }, signal: AbortSignal.timeout(10_000) });
      const body = (await listed.json()) as { meta: { count: number } };
      expect(body.meta.count).toBe(1);
    } finally {
      await app.close();
    }
  });
});

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs main.ts on PGlite; resolves with its output once `until` matches it (or the process exits). */
function runMain(args: string[], until: RegExp, timeoutMs: number): Spawned {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return spawnUntil(['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env, until, timeoutMs });
}

describe('account commands', () => {
  async function run(args: string[]): Promise<string[]> {
    const lines: string[] = [];
    await runCommand(parseConfig(args, {}), h.db, (line) => lines.push(line));
    return lines;
  }
  const tokenOf = (lines: string[]) => /^API token: (\S+)$/.exec(lines.find((line) => line.startsWith('API token:')) ?? '')?.[1] ?? '';

  test('create-account, create-agent, create-token and create-inbox print working tokens', async () => {
    const unique = `${process.pid}-${Date.now()}`;
    const created = await run(['create-account', '--name', 'Acme', '--email', `boss-${unique}@acme.test`]);
    const accountId = Number(/^Account: (\d+)$/.exec(created[0])?.[1]);
    expect(accountId).toBeGreaterThan(0);
    const base = `/api/v1/accounts/${accountId}`;
    const asToken = (token: string, method = 'GET', path = '/contacts') => h.request(h.app, method, `${base}${path}`, { token });
    expect((await asToken(tokenOf(created))).status).toBe(200);
    const agent = await run(['create-agent', '--account', String(accountId), '--name', 'Ana', '--email', `ana-${unique}@acme.test`]);
    expect((await asToken(tokenOf(agent))).status).toBe(200);
    // An agent, not an administrator: deleting contacts is refused.
    const contact = await h.request(h.app, 'POST', `${base}/contacts`, { token: tokenOf(agent), body: { name: 'x' } });
    expect((await asToken(tokenOf(agent), 'DELETE', `/contacts/${contact.json.payload.contact.id}`)).status).toBe(403);
    const second = await run(['create-token', '--email', `ana-${unique}@acme.test`]);
    expect(tokenOf(second)).not.toBe(tokenOf(agent));
    expect((await asToken(tokenOf(second))).status).toBe(200);
    const inbox = await run(['create-inbox', '--account', String(accountId), '--name', 'Mail', '--type', 'email']);
    expect(inbox[0]).toMatch(/^Inbox: \d+ \(Channel::Email\)$/);
    // Tokens of one account do not open another.
    const other = await h.newAccount();
    expect((await h.request(h.app, 'GET', `${other.base}/contacts`, { token: tokenOf(agent) })).status).toBe(401);
  });

  test('bad arguments are ConfigErrors', async () => {
    await expect(run(['create-agent', '--account', '987654', '--name', 'X', '--email', 'x@x.test'])).rejects.toThrow(/account 987654 does not exist/);
    await expect(run(['create-agent', '--account', '1', '--name', 'X'])).rejects.toThrow(ConfigError);
    await expect(run(['create-token', '--email', 'nobody@nowhere.test'])).rejects.toThrow(/no user/);
    await expect(run(['create-inbox', '--account', '1', '--name', 'X', '--type', 'fax'])).rejects.toThrow(/--type/);
  });

  test('first-start bootstrap creates nothing when accounts exist, however many processes start', async () => {
    expect(await Promise.all([ensureFirstAccount(h.db), ensureFirstAccount(h.db)])).toEqual([null, null]);
  });
});

describe('npm run server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wintook-server-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('first start creates account 1, prints its token, serves it, and stops on SIGTERM', async () => {
    const { child, output } = runMain(['--port', '0', '--data-dir', dataDir], /Listening on (http:\/\/\S+)/, 120_000);
    try {
      const text = await output;
      const token = /^API token: (\S+)$/m.exec(text)?.[1];
      const address = /Listening on (http:\/\/\S+)/.exec(text)?.[1];
      expect(token, text).toBeDefined();
      expect(address, text).toBeDefined();
      const reply = await fetch(`${address}/api/v1/accounts/1/contacts`, { headers: { api_access_token: token as string }, signal: AbortSignal.timeout(10_000) });
      expect(reply.status).toBe(200);

      // Issue 17: the 550-condition filter that froze the whole process is a quick 422, and the server answers on.
      const payload = Array.from({ length: 550 }, (_, index) => ({ attribute_key: 'name', filter_operator: 'contains', values: [`zz${index}`], query_operator: index < 549 ? 'and' : null }));
      const started = Date.now();
      const [filtered, health] = await Promise.all([
        fetch(`${address}/api/v1/accounts/1/contacts/filter`, {
          method: 'POST',
          headers: { api_access_token: token as string, 'content-type': 'application/json' },
          body: JSON.stringify({ payload }),
          signal: AbortSignal.timeout(10_000),
        }),
        fetch(`${address}/health`, { signal: AbortSignal.timeout(10_000) }),
      ]);
      expect(filtered.status).toBe(422);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(health.status).toBe(200);
      expect((await fetch(`${address}/health`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);

      // A command on the directory of the running server is refused instead of printing a token that never works.
      const command = runMain(['create-account', '--name', 'Beside', '--data-dir', dataDir], /$^/, 60_000);
      const refusal = await command.output;
      expect(await exited(command.child, 15_000)).toBe(3);
      expect(refusal).toMatch(/is in use by another Wintook server process \(pid \d+, "serve"/);
      expect(refusal).not.toMatch(/API token/);

      child.kill('SIGTERM');
      expect(await exited(child, 15_000)).toBe(0);
      // The lock went with the server: the same command now runs.
      const after = runMain(['create-account', '--name', 'After', '--data-dir', dataDir], /API token: \S+/, 90_000);
      expect(await after.output).toMatch(/API token: \S+/);
      expect(await exited(after.child, 30_000)).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 360_000);
});
