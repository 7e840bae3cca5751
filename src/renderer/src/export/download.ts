import { toCsvFileName, type HostApi } from '../../../shared/host';
import type { Result } from '../../../shared/result';
import { host as defaultHost } from '../host';
import { useToasts } from '../ui/toasts';
import { i18n } from '../i18n';

/**
 * Saves a CSV through the host: Electron's native save dialog (the suggested name in Documents),
 * or a download in the web host. The name is made safe for the host's check first.
 */
export function saveCsv(host: HostApi, fileName: string, content: string): Promise<Result<{ saved: boolean }>> {
  return host.saveCsvFile({ suggestedName: toCsvFileName(fileName), content });
}

/**
 * {@link saveCsv} for callers that do not wait for the answer (error-report buttons): a failure is
 * shown as a toast rather than lost.
 */
export function downloadText(fileName: string, text: string, host: HostApi = defaultHost): void {
  void saveCsv(host, fileName, text).then((result) => {
    if (!result.ok) useToasts.getState().show({ message: i18n.t('import:saveFailed'), duration: 8000 });
  });
}

/** "contacts-2026-11-25.csv" in local time. */
export function datedFileName(prefix: string, date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.csv`;
}
