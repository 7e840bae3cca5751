/** Server processes for tests: bounded, always stoppable, output collected. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Spawned {
  child: ChildProcess;
  /** Resolves with the output once `until` matches it, or when the process exits; rejects after the timeout (and kills it). */
  output: Promise<string>;
}

export function spawnUntil(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; until: RegExp; timeoutMs: number }): Spawned {
  const child = spawn(process.execPath, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const output = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} timed out; output so far:\n${text}`));
    }, options.timeoutMs);
    const check = () => {
      if (options.until.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      check();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
  return { child, output };
}

/** Waits for the process to exit; SIGKILLs it after the timeout (resolving null). */
export function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
