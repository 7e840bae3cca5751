/** Live pull's scheduling (live-pull.ts) with fake timers and a scripted transport. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLivePull, LONG_POLL_WAIT_SECONDS, STOCK_PULL_MAX_MS, STOCK_PULL_MIN_MS } from './live-pull';
import type { SyncRequest, SyncResponse } from './transport';

interface Asked {
  request: SyncRequest;
  answer(response: SyncResponse): void;
  fail(error: Error): void;
}

function setup(mode: 'extension' | 'strict', random = () => 0.5) {
  const asked: Asked[] = [];
  const pulls: number[] = [];
  const retries: number[] = [];
  const live = createLivePull({
    transport: {
      request: (request) =>
        new Promise<SyncResponse>((resolve, reject) => asked.push({ request, answer: resolve, fail: reject })),
    },
    mode: async () => mode,
    cursor: async () => '40',
    pullNow: () => pulls.push(Date.now()),
    retryIn: (delay) => retries.push(delay),
    now: () => Date.now(),
    random,
  });
  return { live, asked, pulls, retries };
}

const page = (changes: unknown[], cursor: string, hasMore = false): SyncResponse => ({
  status: 200,
  headers: {},
  body: { changes, cursor, has_more: hasMore },
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('live pull against the project’s server (long-poll)', () => {
  it('waits on the feed from the stored cursor and asks for a run when a change arrives', async () => {
    const { live, asked, pulls } = setup('extension');
    live.arm();
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    expect(asked[0].request).toEqual({ method: 'GET', path: 'sync/changes', query: { since: '40', limit: 1, wait: LONG_POLL_WAIT_SECONDS } });
    await vi.advanceTimersByTimeAsync(3000);
    asked[0].answer(page([{ seq: 41 }], '41'));
    await vi.waitFor(() => expect(pulls).toHaveLength(1));
    // The run it asked for arms it again; until then nothing more is asked.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(asked).toHaveLength(1);
  });

  it('an empty answer after the wait waits again, from the cursor the server gave', async () => {
    const { live, asked, pulls } = setup('extension');
    live.arm();
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(LONG_POLL_WAIT_SECONDS * 1000);
    asked[0].answer(page([], '44'));
    await vi.waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1].request.query).toMatchObject({ since: '44' });
    expect(pulls).toEqual([]);
  });

  it('a server that answers at once without waiting is asked again only after the stock pause', async () => {
    const { live, asked } = setup('extension', () => 0);
    live.arm();
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    asked[0].answer(page([], '40'));
    await vi.advanceTimersByTimeAsync(STOCK_PULL_MIN_MS - 1);
    expect(asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(asked).toHaveLength(2));
  });

  it('no answer or an error: one run after a growing back-off, no requests of its own meanwhile', async () => {
    const { live, asked, retries, pulls } = setup('extension', () => 0.999);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      live.arm();
      await vi.waitFor(() => expect(asked).toHaveLength(attempt + 1));
      if (attempt === 1) asked[attempt].answer({ status: 503, headers: {}, body: 'down' });
      else asked[attempt].fail(new TypeError('fetch failed'));
      await vi.waitFor(() => expect(retries).toHaveLength(attempt + 1));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(asked).toHaveLength(attempt + 1);
    }
    expect(retries[1]).toBeGreaterThan(retries[0]);
    expect(retries[2]).toBeGreaterThan(retries[1]);
    expect(pulls).toEqual([]);
  });

  it('a reset server (410) asks for a run, which starts over', async () => {
    const { live, asked, pulls } = setup('extension');
    live.arm();
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    asked[0].answer({ status: 410, headers: {}, body: { error: 'ahead' } });
    await vi.waitFor(() => expect(pulls).toHaveLength(1));
  });

  it('disarmed (stopped, offline, hidden) while waiting: the answer is ignored', async () => {
    const { live, asked, pulls, retries } = setup('extension');
    live.arm();
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    live.disarm();
    asked[0].answer(page([{ seq: 41 }], '41'));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(pulls).toEqual([]);
    expect(retries).toEqual([]);
    expect(asked).toHaveLength(1);
  });

  it('armed again while one is under way: still one request at a time, and its answer counts', async () => {
    const { live, asked, pulls } = setup('extension');
    live.arm();
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    live.disarm();
    live.arm();
    live.arm();
    await vi.advanceTimersByTimeAsync(10);
    expect(asked).toHaveLength(1);
    asked[0].answer(page([{ seq: 41 }], '41'));
    await vi.waitFor(() => expect(pulls).toHaveLength(1));
  });
});

describe('live pull when the database is gone', () => {
  it('arming after the database closed asks for nothing and throws nothing', async () => {
    const pulls: number[] = [];
    const request = vi.fn();
    const live = createLivePull({
      transport: { request },
      mode: () => Promise.reject(new Error('Database has been closed')),
      cursor: () => Promise.reject(new Error('Database has been closed')),
      pullNow: () => pulls.push(1),
      retryIn: () => pulls.push(2),
      now: () => Date.now(),
      random: () => 0.5,
    });
    live.arm();
    await vi.advanceTimersByTimeAsync(STOCK_PULL_MAX_MS);
    expect(request).not.toHaveBeenCalled();
    expect(pulls).toEqual([]);
  });
});

describe('live pull against stock Chatwoot (periodic)', () => {
  it('asks for a run between 30 and 60 s after arming, never a request of its own', async () => {
    for (const random of [0, 0.5, 0.999]) {
      const { live, asked, pulls } = setup('strict', () => random);
      live.arm();
      await vi.advanceTimersByTimeAsync(STOCK_PULL_MIN_MS - 1);
      expect(pulls).toEqual([]);
      await vi.advanceTimersByTimeAsync(STOCK_PULL_MAX_MS - STOCK_PULL_MIN_MS + 1);
      expect(pulls).toHaveLength(1);
      expect(asked).toEqual([]);
      // Once: the run arms it again.
      await vi.advanceTimersByTimeAsync(5 * STOCK_PULL_MAX_MS);
      expect(pulls).toHaveLength(1);
    }
  });

  it('disarmed before the pause ends: no run', async () => {
    const { live, pulls } = setup('strict');
    live.arm();
    await vi.advanceTimersByTimeAsync(1000);
    live.disarm();
    await vi.advanceTimersByTimeAsync(STOCK_PULL_MAX_MS);
    expect(pulls).toEqual([]);
  });
});
