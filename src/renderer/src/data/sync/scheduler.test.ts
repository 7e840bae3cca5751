/** The scheduler's own runs (scheduler.ts) with fake timers and a scripted `syncNow`. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncRepository } from '../store/sync-repository';
import { createScheduler, type SchedulerDeps } from './scheduler';
import type { SyncRunResult, SyncStatus } from './status';

const failed: SyncRunResult = { ok: false, failure: { kind: 'network', message: 'fetch failed' }, retryInMs: 5_000, requests: 1, pushed: 0, pulled: 0 };

function setup(syncNow: SchedulerDeps['syncNow']) {
  const patches: Partial<SyncStatus>[] = [];
  const scheduler = createScheduler({
    // Live pull is never armed here (no run ends well), so it reads nothing.
    sync: { getState: async () => undefined } as Pick<SyncRepository, 'getState'> as SyncRepository,
    transport: { request: () => Promise.reject(new Error('not asked')) },
    now: () => Date.now(),
    random: () => 0.5,
    syncNow,
    runs: () => ({ running: false, lastEndedAt: Number.NEGATIVE_INFINITY, lastOk: false }),
    resetFailures: () => undefined,
    emit: (patch) => patches.push(patch),
  });
  return { scheduler, patches };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the scheduler', () => {
  it('runs at start and again after the failed run’s back-off', async () => {
    const syncNow = vi.fn(async () => failed);
    const { scheduler } = setup(syncNow);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(syncNow).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(syncNow).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(syncNow).toHaveBeenCalledTimes(2);
    scheduler.stop();
  });

  it('a run that throws (the database closed under it) is not left unhandled: the status says it', async () => {
    const syncNow = vi.fn(() => Promise.reject(new Error('Database has been closed')));
    const { scheduler, patches } = setup(syncNow);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(syncNow).toHaveBeenCalledTimes(1);
    expect(patches).toContainEqual({ phase: 'error', progress: null, message: 'Database has been closed' });
    scheduler.stop();
  });
});
