import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchesKeys } from '../../../shared/shortcuts';
import { useServices } from '../app/services';
import { ExportDialog } from '../export/ExportDialog';
import { ImportDialog } from './ImportDialog';
import { ImportHistoryDialog } from './ImportHistory';
import { openImportFile } from './importController';
import { IMPORT_EXTENSIONS, useImport } from './importStore';
import './import.css';

/** The import shortcut, until the lead adds it to the shared shortcut table (see the report). */
export const IMPORT_KEYS = '$mod+I';

/**
 * A CSV opened with the app (open-with, or a second launch with a file argument) arrives from main
 * through this HostApi event once the lead adds it (docs/import.md "Electron"); absent in the web host.
 */
type OpenFileListener = (file: { name: string; bytes: Uint8Array }) => void;
type HostWithOpenFile = { onOpenFile?: (listener: OpenFileListener) => () => void };

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * App-level part of the import feature: the hidden file input behind "Import" and `$mod+I`, the
 * drop overlay (a CSV dropped anywhere on the window starts the flow), and the dialogs.
 */
export function ImportRoot() {
  const { t } = useTranslation('import');
  const services = useServices();
  const inputRef = useRef<HTMLInputElement>(null);
  const pickRequest = useImport((s) => s.pickRequest);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    if (pickRequest > 0) inputRef.current?.click();
  }, [pickRequest]);

  useEffect(() => {
    const host = services.host as HostWithOpenFile;
    return host.onOpenFile?.((file) => openImportFile(services, new File([new Uint8Array(file.bytes)], file.name)));
  }, [services]);

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
