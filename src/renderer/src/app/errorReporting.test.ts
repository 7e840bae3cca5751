import { describe, expect, it, vi } from 'vitest';
import { MAX_ERROR_MESSAGE_LENGTH, MAX_ERROR_STACK_LENGTH, rendererErrorReportSchema, type HostApi } from '../../../shared/host';
import { ok } from '../../../shared/result';
import { errorReportOf, installErrorReporting, MAX_REPORTS_PER_MINUTE, type ErrorEventTarget } from './errorReporting';

function fakeWindow() {
  const listeners = new Map<string, (event: unknown) => void>();
  const target = {
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, listener),
    removeEventListener: (type: string) => listeners.delete(type),
  } as unknown as ErrorEventTarget;
  const fire = (type: 'error' | 'unhandledrejection', event: object) => listeners.get(type)?.(event);
  return { target, fire, listeners };
}

function fakeHost() {
  return { reportError: vi.fn<HostApi['reportError']>(async () => ok(undefined)) };
}

describe('errorReportOf', () => {
  it('keeps an error’s name, message and stack', () => {
    const error = new TypeError('x is undefined');
    expect(errorReportOf('error', error)).toEqual({ kind: 'error', message: 'TypeError: x is undefined', stack: error.stack });
  });

  it('describes what is thrown that is not an Error, even what cannot be serialised', () => {
    expect(errorReportOf('unhandled-rejection', 'offline').message).toBe('offline');
    expect(errorReportOf('unhandled-rejection', { code: 7 }).message).toBe('{"code":7}');
    expect(errorReportOf('unhandled-rejection', undefined).message).toBe('undefined');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(errorReportOf('unhandled-rejection', cycle).message).toBe('[object Object]');
    expect(errorReportOf('unhandled-rejection', 10n).message).toBe('[object BigInt]');
  });

  it('stays within what the bridge accepts however long the error', () => {
    const error = new Error('m'.repeat(100_000));
    error.stack = 's'.repeat(100_000);
    const report = errorReportOf('render', error);
    expect(report.message).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(report.stack).toHaveLength(MAX_ERROR_STACK_LENGTH);
    expect(rendererErrorReportSchema.safeParse(report).success).toBe(true);
  });
});

describe('installErrorReporting', () => {
  it('reports unhandled errors and rejections to the host', () => {
    const { target, fire } = fakeWindow();
    const host = fakeHost();
    installErrorReporting(target, host);
    fire('error', { error: new RangeError('bad index'), message: 'Uncaught RangeError: bad index' });
    fire('unhandledrejection', { reason: new Error('sync failed') });
    expect(host.reportError.mock.calls.map(([report]) => [report.kind, report.message])).toEqual([
      ['error', 'RangeError: bad index'],
      ['unhandled-rejection', 'Error: sync failed'],
    ]);
  });

  it('ignores an error event without an error (a resource that failed to load)', () => {
    const { target, fire } = fakeWindow();
    const host = fakeHost();
    installErrorReporting(target, host);
    fire('error', { error: undefined, message: '' });
    expect(host.reportError).not.toHaveBeenCalled();
  });

  it('drops reports past the limit until the minute is over', () => {
    const { target, fire } = fakeWindow();
    const host = fakeHost();
    let time = 0;
    installErrorReporting(target, host, () => time);
    for (let count = 0; count < MAX_REPORTS_PER_MINUTE + 10; count++) fire('error', { error: new Error(`loop ${count}`) });
    expect(host.reportError).toHaveBeenCalledTimes(MAX_REPORTS_PER_MINUTE);
    time = 60_000;
    fire('error', { error: new Error('later') });
    expect(host.reportError).toHaveBeenCalledTimes(MAX_REPORTS_PER_MINUTE + 1);
  });

  it('swallows a report the host could not take, and stops listening when asked', async () => {
    const { target, fire, listeners } = fakeWindow();
    const host = { reportError: vi.fn<HostApi['reportError']>(() => Promise.reject(new Error('no main'))) };
    const stop = installErrorReporting(target, host);
    fire('unhandledrejection', { reason: 'x' });
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // An unhandled rejection from the failed report would fail this test run.
    expect(host.reportError).toHaveBeenCalledOnce();
    stop();
    expect(listeners.size).toBe(0);
  });
});
