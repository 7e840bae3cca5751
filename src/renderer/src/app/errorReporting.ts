import {
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_ERROR_STACK_LENGTH,
  type HostApi,
  type RendererErrorReport,
} from '../../../shared/host';

/**
 * Errors the renderer did not handle go to the host's log (in Electron, main's electron-log file,
 * where "Help → Show Logs Folder" finds them): window `error` events and unhandled rejections
 * here; the error boundary reports what it catches with `kind: 'render'` through the same
 * {@link errorReportOf}.
 */

/** A loop that throws on every frame would otherwise fill the log: past this, a minute's reports are dropped. */
export const MAX_REPORTS_PER_MINUTE = 30;
const MINUTE_MS = 60_000;

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** A report of anything thrown or rejected (not only `Error`s), within the bridge's bounds. */
export function errorReportOf(kind: RendererErrorReport['kind'], reason: unknown): RendererErrorReport {
  if (reason instanceof Error) {
    const message = clip(`${reason.name}: ${reason.message}`, MAX_ERROR_MESSAGE_LENGTH);
    return typeof reason.stack === 'string' && reason.stack.length > 0
      ? { kind, message, stack: clip(reason.stack, MAX_ERROR_STACK_LENGTH) }
      : { kind, message };
  }
  let text: string;
  try {
    text = typeof reason === 'string' ? reason : (JSON.stringify(reason) ?? String(reason));
  } catch {
    // Cycles, BigInts, throwing getters: say what it was, not what it holds.
    text = Object.prototype.toString.call(reason);
  }
  return { kind, message: clip(text, MAX_ERROR_MESSAGE_LENGTH) };
}

export interface ErrorEventTarget {
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
  removeEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  removeEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
}

/** Listens for unhandled errors and rejections and reports them; returns the function that stops it. */
export function installErrorReporting(
  target: ErrorEventTarget,
  host: Pick<HostApi, 'reportError'>,
  now: () => number = Date.now,
): () => void {
  let windowStart = now();
  let reportsInWindow = 0;
  const report = (next: RendererErrorReport): void => {
    const time = now();
    if (time - windowStart >= MINUTE_MS) {
      windowStart = time;
      reportsInWindow = 0;
    }
    if (reportsInWindow >= MAX_REPORTS_PER_MINUTE) return;
    reportsInWindow++;
    // Reporting must never raise an error of its own: a failed report is dropped.
    host.reportError(next).catch(() => undefined);
  };
  const onError = (event: ErrorEvent): void => {
    // A resource that failed to load also fires `error`, without an error object or message.
    if (event.error === undefined && !event.message) return;
    report(errorReportOf('error', event.error ?? event.message));
  };
  const onRejection = (event: PromiseRejectionEvent): void => report(errorReportOf('unhandled-rejection', event.reason));
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
  };
}
