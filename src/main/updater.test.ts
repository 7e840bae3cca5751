import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CHECK_INTERVAL_MS,
  CHECK_TICK_MS,
  createUpdateFlow,
  describeRestartPrompt,
  describeUpdateMessage,
  STARTUP_CHECK_DELAY_MS,
  updateAvailability,
  updateText,
  type UpdateCheck,
  type UpdateChecker,
  type UpdateUi,
} from './updater';

/** A deferred promise the test settles when it wants. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function fakeUpdater(answers: Array<UpdateCheck | null | Error> = []) {
  const checker = {
    check: vi.fn<UpdateChecker['check']>(async () => {
      const answer = answers.length > 0 ? answers.shift()! : { available: false, version: '1.0.0', download: null };
      if (answer instanceof Error) throw answer;
      return answer;
    }),
    quitAndInstall: vi.fn<UpdateChecker['quitAndInstall']>(),
  };
  const ui = {
    askToRestart: vi.fn<UpdateUi['askToRestart']>(async () => 'later'),
    tell: vi.fn<UpdateUi['tell']>(),
  };
  const log = { info: vi.fn(), warn: vi.fn() };
  const flow = createUpdateFlow({ checker, ui, log, currentVersion: '1.0.0' });
  return { checker, ui, log, flow };
}

const update = (version: string, download: Promise<unknown> = Promise.resolve()): UpdateCheck => ({
  available: true,
  version,
  download,
});

describe('updateAvailability', () => {
  it('is on in a packaged app', () => {
    expect(updateAvailability({ isPackaged: true, env: {}, platform: 'win32' })).toEqual({ enabled: true });
    expect(updateAvailability({ isPackaged: true, env: {}, platform: 'darwin' })).toEqual({ enabled: true });
    expect(updateAvailability({ isPackaged: true, env: { APPIMAGE: '/x.AppImage' }, platform: 'linux' })).toEqual({ enabled: true });
  });

  it('is off in an unpackaged run, whatever the environment says', () => {
    const availability = updateAvailability({ isPackaged: false, env: { WINTOOK_UPDATES: 'on' }, platform: 'linux' });
    expect(availability.enabled).toBe(false);
  });

  it('is off when an administrator turns it off', () => {
    for (const value of ['off', 'OFF', 'Off']) {
      expect(updateAvailability({ isPackaged: true, env: { WINTOOK_UPDATES: value }, platform: 'win32' })).toEqual({
        enabled: false,
        reason: 'turned off by WINTOOK_UPDATES=off',
      });
    }
    expect(updateAvailability({ isPackaged: true, env: { WINTOOK_UPDATES: '0ff' }, platform: 'win32' }).enabled).toBe(true);
  });

  it('is off where electron-updater has no installer to run', () => {
    expect(updateAvailability({ isPackaged: true, env: {}, platform: 'freebsd' }).enabled).toBe(false);
  });
});

describe('the update flow', () => {
  it('asks to restart once a silent check has downloaded an update, and restarts when told to', async () => {
    const { flow, ui, checker } = fakeUpdater([update('1.1.0')]);
    ui.askToRestart.mockResolvedValueOnce('restart');
    await flow.check('startup');
    expect(ui.askToRestart).toHaveBeenCalledExactlyOnceWith('1.1.0');
    expect(checker.quitAndInstall).toHaveBeenCalledOnce();
    expect(ui.tell).not.toHaveBeenCalled();
  });

  it('keeps a downloaded update for the next quit when the user says later, and checks no more', async () => {
    const { flow, ui, checker } = fakeUpdater([update('1.1.0')]);
    await flow.check('startup');
    expect(checker.quitAndInstall).not.toHaveBeenCalled();
    await flow.check('daily');
    expect(checker.check).toHaveBeenCalledOnce();
    expect(ui.askToRestart).toHaveBeenCalledOnce();
  });

  it('offers the restart again when the user asks for updates after saying later', async () => {
    const { flow, ui, checker } = fakeUpdater([update('1.1.0')]);
    await flow.check('startup');
    ui.askToRestart.mockResolvedValueOnce('restart');
    await flow.check('menu');
    expect(checker.check).toHaveBeenCalledOnce();
    expect(ui.askToRestart).toHaveBeenCalledTimes(2);
    expect(checker.quitAndInstall).toHaveBeenCalledOnce();
  });

  it('does not prompt before the download has finished', async () => {
    const download = deferred<void>();
    const { flow, ui } = fakeUpdater([update('1.1.0', download.promise)]);
    const checking = flow.check('startup');
    await vi.waitFor(() => expect(ui.askToRestart).not.toHaveBeenCalled());
    download.resolve();
    await checking;
    expect(ui.askToRestart).toHaveBeenCalledOnce();
  });

  it('stays silent about errors and "no update" in the silent checks', async () => {
    const { flow, ui, log } = fakeUpdater([new Error('net::ERR_INTERNET_DISCONNECTED'), null]);
    await flow.check('startup');
    await flow.check('daily');
    await flow.check('daily');
    expect(ui.tell).not.toHaveBeenCalled();
    expect(ui.askToRestart).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith('The update check failed', expect.any(Error));
  });

  it('says a failed download only to a user who asked, and tries again at the next check', async () => {
    const { flow, ui, checker } = fakeUpdater([
      update('1.1.0', Promise.reject(new Error('sha512 checksum mismatch'))),
      update('1.1.0', Promise.reject(new Error('sha512 checksum mismatch'))),
      update('1.1.0'),
    ]);
    await flow.check('startup');
    expect(ui.tell).not.toHaveBeenCalled();
    await flow.check('menu');
    expect(ui.tell.mock.calls.map(([message]) => message)).toEqual([
      { kind: 'downloading', version: '1.1.0' },
      { kind: 'failed', reason: 'sha512 checksum mismatch' },
    ]);
    await flow.check('daily');
    expect(checker.check).toHaveBeenCalledTimes(3);
    expect(ui.askToRestart).toHaveBeenCalledExactlyOnceWith('1.1.0');
  });

  it('answers "Check for Updates…" whatever the outcome', async () => {
    const { flow, ui } = fakeUpdater([null, new Error('404 latest.yml')]);
    await flow.check('menu');
    await flow.check('menu');
    await flow.check('menu');
    expect(ui.tell.mock.calls.map(([message]) => message)).toEqual([
      { kind: 'unsupported' },
      { kind: 'failed', reason: '404 latest.yml' },
      { kind: 'up-to-date', version: '1.0.0' },
    ]);
    expect(describeUpdateMessage({ kind: 'unsupported' }, updateText('en')).message).toBe('This copy cannot update itself');
  });

  it('runs one check at a time, and a user who asks during a silent check gets its answer', async () => {
    const answer = deferred<UpdateCheck | null>();
    const { flow, ui, checker } = fakeUpdater();
    checker.check.mockReturnValueOnce(answer.promise);
    const silent = flow.check('startup');
    const asked = flow.check('menu');
    expect(checker.check).toHaveBeenCalledOnce();
    answer.resolve({ available: false, version: '1.0.0', download: null });
    await Promise.all([silent, asked]);
    expect(ui.tell).toHaveBeenCalledExactlyOnceWith({ kind: 'up-to-date', version: '1.0.0' });
  });
});

describe('the update schedule', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-07T09:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks a little after start, then once a day', async () => {
    const { flow, checker } = fakeUpdater();
    flow.start();
    await vi.advanceTimersByTimeAsync(STARTUP_CHECK_DELAY_MS - 1);
    expect(checker.check).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(checker.check).toHaveBeenCalledOnce();
    // Hourly ticks: the first one at least a day after that check.
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(checker.check).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(CHECK_TICK_MS);
    expect(checker.check).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(checker.check).toHaveBeenCalledTimes(3);
    flow.stop();
    await vi.advanceTimersByTimeAsync(3 * CHECK_INTERVAL_MS);
    expect(checker.check).toHaveBeenCalledTimes(3);
  });

  it('checks within an hour of waking from a sleep that spanned the day', async () => {
    const { flow, checker } = fakeUpdater();
    flow.start();
    await vi.advanceTimersByTimeAsync(STARTUP_CHECK_DELAY_MS);
    // Asleep: the wall clock moves three days, no timer fires meanwhile.
    vi.setSystemTime(Date.now() + 3 * CHECK_INTERVAL_MS);
    await vi.advanceTimersByTimeAsync(CHECK_TICK_MS);
    expect(checker.check).toHaveBeenCalledTimes(2);
  });

  it('counts the day from the last check, a manual one included', async () => {
    const { flow, checker } = fakeUpdater();
    flow.start();
    await vi.advanceTimersByTimeAsync(STARTUP_CHECK_DELAY_MS);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS / 2);
    await flow.check('menu');
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS / 2 + CHECK_TICK_MS);
    expect(checker.check).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS / 2);
    expect(checker.check).toHaveBeenCalledTimes(3);
  });

  it('schedules once however often it is started', async () => {
    const { flow, checker } = fakeUpdater();
    flow.start();
    flow.start();
    await vi.advanceTimersByTimeAsync(STARTUP_CHECK_DELAY_MS);
    expect(checker.check).toHaveBeenCalledOnce();
  });
});

describe('what the user reads', () => {
  it('names the version in the restart prompt, restart first and "later" on close', () => {
    const prompt = describeRestartPrompt('1.1.0', updateText('es-419'));
    expect(prompt.message).toBe('Wintook Contacts 1.1.0 está lista para instalarse.');
    expect(prompt.buttons).toEqual(['Reiniciar ahora', 'Más tarde']);
    expect(prompt.defaultId).toBe(0);
    expect(prompt.cancelId).toBe(1);
  });

  it('shows a reason as written, even with replacement patterns, and shortens a long one', () => {
    const text = updateText('en-GB');
    expect(describeUpdateMessage({ kind: 'failed', reason: "$& $' $`" }, text).detail).toContain("($& $' $`)");
    const long = describeUpdateMessage({ kind: 'failed', reason: 'x'.repeat(10_000) }, text).detail;
    expect(long.length).toBeLessThan(400);
    expect(describeUpdateMessage({ kind: 'up-to-date', version: '1.0.0' }, text)).toEqual({
      message: 'You’re up to date',
      detail: 'Wintook Contacts 1.0.0 is the latest version.',
    });
  });
});
