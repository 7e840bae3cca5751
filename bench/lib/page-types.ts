/**
 * The browser globals the benchmark touches inside pages. bench/ is type-checked with the Node
 * libraries (tsconfig.node.json has no DOM lib), so in-page code reaches the page through
 * `globalThis as unknown as BenchWindow` and these few declarations instead of pulling the DOM lib
 * into the whole Node program.
 */

export interface BenchElement {
  click(): void;
  focus(): void;
  getAttribute(name: string): string | null;
  textContent: string | null;
}

export interface BenchEvent {
  timeStamp: number;
  detail?: unknown;
}

/** What the baseline page publishes on `window.__baseline`. */
export type BaselineResult =
  | {
      ok: true;
      rows: number;
      /** ms from navigation start until `toArray()` resolved: the raw-read baseline for cold start. */
      toArrayFromNavigationMs: number;
      /** ms of the `toArray()` call alone. */
      toArrayMs: number;
      /** ms from navigation start until the database was open. */
      openedAtMs: number;
    }
  | { ok: false; error: string };

/** What the baseline page publishes on `window.__baselineSeed` after `?seed=N`. */
export type BaselineSeedResult = { ok: true; rows: number; ms: number } | { ok: false; error: string };

export interface RenderedFrame {
  /** `performance.now()` when the `wintook:grid-rendered` event arrived. */
  eventAt: number;
  /** `performance.now()` after two animation frames following the `wintook:grid-rendered` event. */
  paintedAt: number;
  rows: number | null;
}

export interface BenchWindow {
  document: {
    querySelector(selector: string): BenchElement | null;
    body: { dataset: Record<string, string | undefined> } | null;
    title: string;
  };
  location: { search: string };
  performance: {
    now(): number;
    getEntriesByName(name: string): { startTime: number }[];
    getEntriesByType(type: string): { name: string; startTime: number }[];
  };
  addEventListener(
    type: string,
    listener: (event: BenchEvent) => void,
    options?: { once?: boolean; capture?: boolean },
  ): void;
  requestAnimationFrame(callback: () => void): number;
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number): void;
  __baseline?: BaselineResult;
  __baselineSeed?: BaselineSeedResult;
  __baselineRows?: unknown[];
  __benchKeydowns?: number[];
  __benchRendered?: Promise<RenderedFrame | null>;
}
