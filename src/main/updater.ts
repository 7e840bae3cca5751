import { assertNever } from '../shared/result';
import { menuLanguage } from './menu-template';

/**
 * The auto-update flow's decisions, without Electron or electron-updater: when to check, what to
 * tell the user, when to offer a restart. auto-update.ts adapts electron-updater to
 * {@link UpdateChecker} and Electron's dialogs to {@link UpdateUi}; updater.test.ts drives this
 * with both faked.
 *
 * - A silent check a little after start and then once a day; silent means errors and "no update"
 *   go to the log only.
 * - "Check for Updates…" in the menu checks now and always answers: up to date, downloading, or
 *   why it could not check.
 * - Updates download in the background; once one is downloaded the user is asked to restart. "Later"
 *   keeps it: it installs when the app quits. No further checks until then.
 */

/** Not during start-up itself: the first check waits until the contacts are loaded and drawn. */
export const STARTUP_CHECK_DELAY_MS = 10_000;
export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;
/**
 * The daily check is a clock comparison made every hour rather than one 24-hour timer: a laptop
 * that sleeps through the timer's deadline still checks within an hour of waking.
 */
export const CHECK_TICK_MS = 60 * 60 * 1000;

export type UpdateAvailability = { enabled: true } | { enabled: false; reason: string };

export interface UpdateEnvironment {
  /** `app.isPackaged`: an unpackaged run (development, tests) has no update feed and no installer. */
  isPackaged: boolean;
  /** `process.env`; `WINTOOK_UPDATES=off` turns updates off (managed installs, IT-controlled machines). */
  env: Readonly<Record<string, string | undefined>>;
  /** `process.platform`. */
  platform: string;
}

/** Whether this run updates itself. The web host has no main process, so no updater at all. */
export function updateAvailability(environment: UpdateEnvironment): UpdateAvailability {
  if (!environment.isPackaged) return { enabled: false, reason: 'an unpackaged run has no update feed' };
  if (environment.env.WINTOOK_UPDATES?.toLowerCase() === 'off') {
    return { enabled: false, reason: 'turned off by WINTOOK_UPDATES=off' };
  }
  // electron-updater updates AppImage, deb, rpm and pacman installs on Linux. A Linux build run
  // from an unpacked folder (no APPIMAGE, no package-type file) fails its check, which is logged.
  if (!['darwin', 'win32', 'linux'].includes(environment.platform)) {
    return { enabled: false, reason: `no updater for ${environment.platform}` };
  }
  return { enabled: true };
}

/** One check, as electron-updater's `checkForUpdates()` answers it. */
export interface UpdateCheck {
  available: boolean;
  /** The feed's latest version. */
  version: string;
  /** Settles when the update is downloaded (rejects when the download fails); null when nothing downloads. */
  download: Promise<unknown> | null;
}

export interface UpdateChecker {
  /**
   * Null when the updater declined to check: electron-updater does when this installation cannot
   * update itself (a Linux build run from an unpacked folder rather than an AppImage or a package).
   */
  check(): Promise<UpdateCheck | null>;
  /** Quits, installs the downloaded update and starts the new version. */
  quitAndInstall(): void;
}

export type UpdateMessage =
  | { kind: 'up-to-date'; version: string }
  | { kind: 'unsupported' }
  | { kind: 'downloading'; version: string }
  | { kind: 'failed'; reason: string };

export interface UpdateUi {
  /** The restart prompt, once an update is downloaded. */
  askToRestart(version: string): Promise<'restart' | 'later'>;
  /** Answers a check the user asked for; never used for the silent ones. */
  tell(message: UpdateMessage): void;
}

export interface UpdateLog {
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
}

export type CheckOrigin = 'startup' | 'daily' | 'menu';

export interface UpdateFlow {
  /** Schedules the silent checks: one after {@link STARTUP_CHECK_DELAY_MS}, then daily. */
  start(): void;
  stop(): void;
  /** Checks now; `menu` answers the user whatever happens. */
  check(origin: CheckOrigin): Promise<void>;
}

export interface UpdateFlowOptions {
  checker: UpdateChecker;
  ui: UpdateUi;
  log: UpdateLog;
  currentVersion: string;
  now?: () => number;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createUpdateFlow(options: UpdateFlowOptions): UpdateFlow {
  const { checker, ui, log, currentVersion } = options;
  const now = options.now ?? Date.now;
  let downloaded: string | null = null;
  let running: { promise: Promise<void>; userWaiting: boolean } | null = null;
  let lastCheckAt: number | null = null;
  let startupTimer: ReturnType<typeof setTimeout> | null = null;
  let tickTimer: ReturnType<typeof setInterval> | null = null;

  const offerRestart = async (version: string): Promise<void> => {
    const answer = await ui.askToRestart(version);
    if (answer === 'restart') {
      log.info(`Restarting to install ${version}`);
      checker.quitAndInstall();
    } else {
      log.info(`${version} installs when the app quits`);
    }
  };

  const run = async (state: { userWaiting: boolean }): Promise<void> => {
    lastCheckAt = now();
    let result: UpdateCheck | null;
    try {
      result = await checker.check();
    } catch (error) {
      log.warn('The update check failed', error);
      if (state.userWaiting) ui.tell({ kind: 'failed', reason: reasonOf(error) });
      return;
    }
    if (!result) {
      log.info('The updater is not active for this installation');
      if (state.userWaiting) ui.tell({ kind: 'unsupported' });
      return;
    }
    if (!result.available) {
      log.info(`No update: ${currentVersion} is current`);
      if (state.userWaiting) ui.tell({ kind: 'up-to-date', version: currentVersion });
      return;
    }
    log.info(`Update ${result.version} available; downloading`);
    if (state.userWaiting) ui.tell({ kind: 'downloading', version: result.version });
    try {
      await result.download;
    } catch (error) {
      log.warn(`The download of ${result.version} failed`, error);
      if (state.userWaiting) ui.tell({ kind: 'failed', reason: reasonOf(error) });
      return;
    }
    downloaded = result.version;
    await offerRestart(result.version);
  };

  const check = async (origin: CheckOrigin): Promise<void> => {
    const fromUser = origin === 'menu';
    if (downloaded !== null) {
      // Nothing newer is fetched over a downloaded update; the user may restart now for it.
      if (fromUser) await offerRestart(downloaded);
      return;
    }
    if (running) {
      // One check at a time; a user who asks during a silent check gets that check's answer.
      if (fromUser) running.userWaiting = true;
      return running.promise;
    }
    const state = { userWaiting: fromUser, promise: Promise.resolve() };
    running = state;
    state.promise = run(state).finally(() => {
      running = null;
    });
    return state.promise;
  };

  const silently = (origin: CheckOrigin): void => {
    check(origin).catch((error: unknown) => log.warn('The update flow failed', error));
  };

  return {
    start() {
      if (startupTimer || tickTimer) return;
      startupTimer = setTimeout(() => {
        startupTimer = null;
        silently('startup');
      }, STARTUP_CHECK_DELAY_MS);
      tickTimer = setInterval(() => {
        if (lastCheckAt !== null && now() - lastCheckAt >= CHECK_INTERVAL_MS) silently('daily');
      }, CHECK_TICK_MS);
    },
    stop() {
      if (startupTimer) clearTimeout(startupTimer);
      if (tickTimer) clearInterval(tickTimer);
      startupTimer = null;
      tickTimer = null;
    },
    check,
  };
}

// ---- What the user reads ---------------------------------------------------------------------

const TEXT = {
  en: {
    restartTitle: 'Update ready',
    restartMessage: 'Wintook Contacts {version} is ready to install.',
    restartDetail: 'Restart now to use it, or it installs the next time you quit the app. Your contacts stay as they are.',
    restart: 'Restart Now',
    later: 'Later',
    upToDateMessage: 'You’re up to date',
    upToDateDetail: 'Wintook Contacts {version} is the latest version.',
    downloadingMessage: 'Downloading version {version}',
    downloadingDetail: 'You’ll be asked to restart when it is ready.',
    unsupportedMessage: 'This copy cannot update itself',
    unsupportedDetail: 'Install Wintook Contacts from its installer (the AppImage or the .deb package on Linux) to receive updates.',
    failedMessage: 'Could not check for updates',
    failedDetail: 'Check your internet connection and try again later. ({reason})',
    ok: 'OK',
  },
  es: {
    restartTitle: 'Actualización lista',
    restartMessage: 'Wintook Contacts {version} está lista para instalarse.',
    restartDetail: 'Reinicia ahora para usarla, o se instalará la próxima vez que salgas de la aplicación. Tus contactos no cambian.',
    restart: 'Reiniciar ahora',
    later: 'Más tarde',
    upToDateMessage: 'Tienes la última versión',
    upToDateDetail: 'Wintook Contacts {version} es la versión más reciente.',
    downloadingMessage: 'Descargando la versión {version}',
    downloadingDetail: 'Te pediremos que reinicies cuando esté lista.',
    unsupportedMessage: 'Esta copia no puede actualizarse sola',
    unsupportedDetail: 'Instala Wintook Contacts con su instalador (el AppImage o el paquete .deb en Linux) para recibir actualizaciones.',
    failedMessage: 'No se pudo comprobar si hay actualizaciones',
    failedDetail: 'Comprueba tu conexión a internet y vuelve a intentarlo más tarde. ({reason})',
    ok: 'Aceptar',
  },
} as const satisfies Record<string, Record<string, string>>;

export type UpdateText = (typeof TEXT)[keyof typeof TEXT];

export function updateText(locale: string): UpdateText {
  return TEXT[menuLanguage(locale)];
}

/** Longest reason shown in a dialog: an updater error can carry a whole HTTP response. */
const MAX_REASON_LENGTH = 200;

/** A dialog's message and detail for an answer to "Check for Updates…". */
export function describeUpdateMessage(message: UpdateMessage, text: UpdateText): { message: string; detail: string } {
  switch (message.kind) {
    case 'up-to-date':
      return { message: text.upToDateMessage, detail: text.upToDateDetail.replace('{version}', () => message.version) };
    case 'unsupported':
      return { message: text.unsupportedMessage, detail: text.unsupportedDetail };
    case 'downloading':
      return {
        message: text.downloadingMessage.replace('{version}', () => message.version),
        detail: text.downloadingDetail,
      };
    case 'failed': {
      const reason = message.reason.length > MAX_REASON_LENGTH ? `${message.reason.slice(0, MAX_REASON_LENGTH - 1)}…` : message.reason;
      return { message: text.failedMessage, detail: text.failedDetail.replace('{reason}', () => reason) };
    }
    default:
      return assertNever(message);
  }
}

/** The restart prompt's text and buttons: "Restart Now" first and default, "Later" is what closing the dialog means. */
export function describeRestartPrompt(version: string, text: UpdateText) {
  return {
    title: text.restartTitle,
    message: text.restartMessage.replace('{version}', () => version),
    detail: text.restartDetail,
    buttons: [text.restart, text.later],
    defaultId: 0,
    cancelId: 1,
  };
}
