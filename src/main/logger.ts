import log from 'electron-log/main';

/**
 * One scoped electron-log logger per module of main (STYLE.md: "A logger per module in main").
 * Files go to electron-log's default place (e.g. ~/.config/Wintook Contacts/logs/main.log).
 */
export type Logger = Pick<ReturnType<typeof log.scope>, 'error' | 'warn' | 'info' | 'debug'>;

export function createLogger(module: string): Logger {
  return log.scope(module);
}
