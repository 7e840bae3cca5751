/** Launching Debian's Chromium for benchmarks: a fresh, disk-backed profile per dataset. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Every Playwright action and wait is bounded by this unless it names its own timeout. */
export const DEFAULT_ACTION_TIMEOUT_MS = 60_000;

export interface BenchBrowser {
  context: BrowserContext;
  page: Page;
  version: string;
  close(): Promise<void>;
}

/**
 * A persistent context in a new temporary profile: IndexedDB lives on disk as in the app, not in
 * memory as in an incognito context. The profile is deleted on close.
 */
export async function launchFreshProfile(options: { headed?: boolean } = {}): Promise<BenchBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'wintook-bench-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: !options.headed,
      locale: 'en-US',
      viewport: { width: 1500, height: 900 },
      timeout: DEFAULT_ACTION_TIMEOUT_MS,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(DEFAULT_ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(DEFAULT_ACTION_TIMEOUT_MS);
  // tsx compiles with esbuild's keepNames, which wraps inner functions in `__name(…)`; functions
  // handed to page.evaluate run in the page, where that helper does not exist (privatenumber/tsx#113).
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  const page = context.pages()[0] ?? (await context.newPage());
  const session = await context.newCDPSession(page);
  const { product } = await session.send('Browser.getVersion');
  await session.detach();
  return {
    context,
    page,
    version: product,
    close: async () => {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** The page's JS heap after a forced garbage collection, in bytes. */
export async function measureHeapBytes(context: BrowserContext, page: Page): Promise<number> {
  const session = await context.newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
    const { usedSize } = await session.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await session.detach().catch(() => undefined);
  }
}

export interface RendererCpu {
  /** CPU time, in ms, since {@link followRendererCpu}: the page's main thread, and its whole renderer process (workers included). */
  read(): Promise<{ mainThreadMs: number; processMs: number }>;
  stop(): Promise<void>;
}

/**
 * Follows the CPU time the page's renderer uses from now on, through navigations, with Chromium's
 * `Performance` metrics (`ThreadTime`: the main thread; `ProcessTime`: the renderer process, its
 * workers included). Call it before the navigation to measure. CPU, not wall time: a task that
 * waits for a core on a loaded machine does not count, so two builds compare on it when their
 * wall-clock figures swing with the load.
 */
export async function followRendererCpu(context: BrowserContext, page: Page): Promise<RendererCpu> {
  const session = await context.newCDPSession(page);
  await session.send('Performance.enable');
  return {
    async read() {
      const { metrics } = await session.send('Performance.getMetrics');
      const ms = (name: string) => {
        const found = metrics.find((entry) => entry.name === name);
        if (!found) throw new Error(`Chromium reports no ${name} metric`);
        return found.value * 1000;
      };
      return { mainThreadMs: ms('ThreadTime'), processMs: ms('ProcessTime') };
    },
    stop: () => session.detach().catch(() => undefined),
  };
}
