import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The project's real server for e2e specs, started as `npm run server` starts it: a free port on
 * 127.0.0.1, a throwaway PGlite directory, stopped by `stop()` (SIGTERM, then SIGKILL after 10 s)
 * or, if the test process dies first, with it.
 */
export interface Server {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** Every server started, to stop even one whose start did not finish (a timed-out beforeAll). */
const started = new Set<() => Promise<void>>();

/** Stops every server this worker started (call from afterAll). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...started].map((stop) => stop()));
}

export async function startServer(extraArgs: string[] = []): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wintook-e2e-server-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/src/main.ts', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
    started.delete(stop);
  };
  started.add(stop);
  // If the test process dies without afterAll, the server goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let text = '';
  try {
    const found = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${text}`)), 90_000);
      child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const listening = /Listening on (http:\/\/\S+)/.exec(text);
        const created = /API token: (\S+)/.exec(text);
        if (listening && created) {
          clearTimeout(timer);
          resolve({ url: listening[1], token: created[1] });
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        reject(new Error(`server exited:\n${text}`));
      });
    });
    return { ...found, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
