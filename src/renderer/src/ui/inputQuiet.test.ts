import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

describe('afterInputQuiet', () => {
  const target = new EventTarget();
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    vi.stubGlobal('window', target);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('runs after its delay when nobody types, and waits a quiet spell after each key or input', async () => {
    const { afterInputQuiet, INPUT_QUIET_MS } = await import('./inputQuiet');
    const run = vi.fn();
    afterInputQuiet(run, 100);
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(1);

    const later = vi.fn();
    afterInputQuiet(later, 100);
    vi.advanceTimersByTime(90);
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(INPUT_QUIET_MS - 10);
    target.dispatchEvent(new Event('input'));
    vi.advanceTimersByTime(INPUT_QUIET_MS - 1);
    expect(later).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(later).toHaveBeenCalledTimes(1);
  });

  it('runs nothing once cancelled, typing or not', async () => {
    const { afterInputQuiet, INPUT_QUIET_MS } = await import('./inputQuiet');
    const quiet = vi.fn();
    afterInputQuiet(quiet, 50)();
    const typedOver = vi.fn();
    const cancel = afterInputQuiet(typedOver, 50);
    vi.advanceTimersByTime(40);
    target.dispatchEvent(new Event('input'));
    vi.advanceTimersByTime(20);
    cancel();
    vi.advanceTimersByTime(INPUT_QUIET_MS * 2);
    expect(quiet).not.toHaveBeenCalled();
    expect(typedOver).not.toHaveBeenCalled();
  });
});
