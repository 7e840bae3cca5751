import type { Logger } from './logger';

/** The part of a console message main reads (Electron's `console-message` event details). */
export interface ConsoleMessageDetails {
  level: 'info' | 'warning' | 'error' | 'debug';
  message: string;
  sourceId: string;
  lineNumber: number;
}

export interface ConsoleMessageSource {
  on(event: 'console-message', listener: (details: ConsoleMessageDetails) => void): unknown;
}

/**
 * Errors the renderer writes to its console (the error boundary's render errors among them) go to
 * electron-log's file too, so a window that failed leaves a trace where support looks; the
 * renderer needs no logging channel of its own over IPC.
 */
export function forwardRendererErrors(contents: ConsoleMessageSource, logger: Pick<Logger, 'error'>): void {
  contents.on('console-message', (details) => {
    if (details.level === 'error') logger.error(details.message, `(${details.sourceId}:${details.lineNumber})`);
  });
}
