/**
 * Saves text as a file in the web host: a Blob and a temporary `<a download>`. (In Electron the
 * lead wires a native save dialog through the HostApi; until then this path works there too.)
 */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the time the click handler returns; revoke on the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "contacts-2026-11-25.csv" in local time. */
export function datedFileName(prefix: string, date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.csv`;
}
