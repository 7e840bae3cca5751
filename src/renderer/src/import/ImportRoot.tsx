import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenedFile } from '../../../shared/host';
import { matchesKeys } from '../../../shared/shortcuts';
import { useServices, type Services } from '../ui/services';
import { ExportDialog } from '../export/ExportDialog';
import { ImportDialog } from './ImportDialog';
import { ImportHistoryDialog } from './ImportHistory';
import { openImportFile } from './importController';
import { IMPORT_EXTENSIONS, useImport } from './importStore';
import './import.css';

/**
 * The import shortcut (`import-csv` in the shared table). Handled here rather than by the app-wide
 * handler so that it works wherever ImportRoot is mounted, and yields to an open dialog.
 */
export const IMPORT_KEYS = '$mod+I';

/**
 * A file the host read — opened with the app, or picked in Electron's open dialog — starts the
 * flow; one the host refused (not CSV, over 512 MB, unreadable) says why and changes nothing.
 */
function openFromHost(services: Services, opened: OpenedFile): void {
  if (opened.kind === 'file') {
    openImportFile(services, new File([opened.bytes], opened.name));
    return;
  }
  const { flow, setFlow } = useImport.getState();
  if (flow.step === 'importing' || flow.step === 'undoing') return; // one import at a time
  const params: Record<string, number> = opened.reason === 'too-large' ? { size: opened.size } : {};
  setFlow({ step: 'problem', fileName: opened.name, code: opened.reason, params });
}

/** "Import" in Electron: the native open dialog (filtered to CSV, TSV, TXT) through main. */
function pickWithHost(services: Services, pick: NonNullable<Services['host']['pickCsvFile']>): void {
  void pick().then((result) => {
    if (!result.ok) {
      useImport.getState().setFlow({ step: 'problem', fileName: '', code: 'internal', params: { message: result.error.message } });
      return;
    }
    if (result.value) openFromHost(services, result.value);
  });
}

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * App-level part of the import feature: the file picker behind "Import", `$mod+I` and File →
 * Import… (Electron's open dialog through the host, else a hidden file input), files opened with
 * the app, the drop overlay (a CSV dropped anywhere on the window starts the flow), the dialogs.
 */
export function ImportRoot() {
  const { t } = useTranslation('import');
  const services = useServices();
  const inputRef = useRef<HTMLInputElement>(null);
  const pickRequest = useImport((s) => s.pickRequest);
  const [dragging, setDragging] = useState(false);

  // Requests made before this mount are not ours to answer (and StrictMode runs effects twice).
  const handledPick = useRef(pickRequest);
  useEffect(() => {
    if (pickRequest === handledPick.current) return;
    handledPick.current = pickRequest;
    const pick = services.host.pickCsvFile;
    if (pick) pickWithHost(services, pick.bind(services.host));
    else inputRef.current?.click();
  }, [pickRequest, services]);

  useEffect(() => services.host.onOpenFile((opened) => openFromHost(services, opened)), [services]);

  // File → Import… and File → Export… in Electron's menu.
  useEffect(
    () =>
      services.host.onMenuCommand((command) => {
        if (command === 'import-csv') useImport.getState().requestPick();
        else if (command === 'export-csv') useImport.getState().setExportOpen(true);
      }),
    [services],
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (!matchesKeys(event, IMPORT_KEYS, services.hostInfo.platform)) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      useImport.getState().requestPick();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [services]);

  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; count them to know when the pointer left.
    let depth = 0;
    const onDragEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    };
    const onDragOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDragLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      // Always prevent the default: a file dropped on a browser window otherwise replaces the app.
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (file) openImportFile(services, file);
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [services]);

  return (
    <>
      <input
        ref={inputRef}
        type="file"
        accept={[...IMPORT_EXTENSIONS, 'text/csv', 'text/tab-separated-values', 'text/plain'].join(',')}
        hidden
        data-testid="import-file-input"
        aria-label={t('chooseFile')}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) openImportFile(services, file);
        }}
      />
      {dragging && (
        <div className="import-drop-overlay" role="status">
          {t('dropHere')}
        </div>
      )}
      <ImportDialog />
      <ExportDialog />
      <ImportHistoryDialog />
    </>
  );
}
