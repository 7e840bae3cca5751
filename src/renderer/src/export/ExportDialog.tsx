import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_EXPORT_COLUMNS,
  EXPORT_COLUMNS,
  attributeKeysOf,
  exportHeader,
  exportRows,
  type ExportColumn,
} from '../../../shared/csv';
import type { Contact } from '../../../shared/contact';
import { useServices } from '../ui/services';
import { useContactsView } from '../contacts/store';
import { useFilters } from '../filters/store';
import { useImport } from '../import/importStore';
import { Dialog } from '../ui/Dialog';
import { datedFileName, saveCsv } from './download';

/** Rows formatted per slice, so exporting 100k contacts never blocks the window for long. */
const EXPORT_SLICE = 5000;

/** The contacts the list shows now, in its order (search, label, filter and sort applied). */
export function listedContacts(index: ReturnType<typeof useServices>['index']): readonly Contact[] {
  const { search, label, sort } = useContactsView.getState();
  const predicate = useFilters.getState().predicate;
  return index.view({ search, label, sort, predicate }).rows;
}

export async function buildExport(contacts: readonly Contact[], columns: readonly ExportColumn[], attributeKeys: readonly string[]): Promise<string> {
  const options = { columns, attributeKeys };
  const parts = [exportHeader(options)];
  for (let start = 0; start < contacts.length; start += EXPORT_SLICE) {
    parts.push(exportRows(contacts.slice(start, start + EXPORT_SLICE), options));
    if (start + EXPORT_SLICE < contacts.length) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return parts.join('');
}

export function ExportDialog() {
  const { t } = useTranslation('import');
  const services = useServices();
  const open = useImport((s) => s.exportOpen);
  const setOpen = useImport((s) => s.setExportOpen);
  const [columns, setColumns] = useState<ReadonlySet<ExportColumn>>(new Set(DEFAULT_EXPORT_COLUMNS));
  const [withAttributes, setWithAttributes] = useState(true);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const contacts = useMemo(() => (open ? listedContacts(services.index) : []), [open, services.index]);
  const attributeKeys = useMemo(() => attributeKeysOf(contacts), [contacts]);

  const close = () => {
    setFailed(false);
    setOpen(false);
  };

  const toggle = (column: ExportColumn) => {
    const next = new Set(columns);
    if (next.has(column)) next.delete(column);
    else next.add(column);
    setColumns(next);
  };

  const save = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const ordered = EXPORT_COLUMNS.filter((column) => columns.has(column));
      const csv = await buildExport(contacts, ordered, withAttributes ? attributeKeys : []);
      const result = await saveCsv(services.host, datedFileName('contacts'), csv);
      // Cancelled in the save dialog: the choice of columns stays, to save again or close.
      if (result.ok && result.value.saved) setOpen(false);
      else if (!result.ok) setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={t('exportTitle')}
      onClose={close}
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            {t('cancel')}
          </button>
          <button type="button" className="button primary" disabled={busy || columns.size === 0 || contacts.length === 0} onClick={() => void save()}>
            {t('exportButton', { count: contacts.length })}
          </button>
        </>
      }
    >
      <p className="dialog-intro">{t('exportIntro', { count: contacts.length })}</p>
      <fieldset className="export-columns">
        <legend>{t('exportColumns')}</legend>
        {EXPORT_COLUMNS.map((column) => (
          <label key={column}>
            <input type="checkbox" checked={columns.has(column)} onChange={() => toggle(column)} /> {column}
          </label>
        ))}
        {attributeKeys.length > 0 && (
          <label>
            <input type="checkbox" checked={withAttributes} onChange={(e) => setWithAttributes(e.target.checked)} />{' '}
            {t('exportAttributes', { count: attributeKeys.length })}
          </label>
        )}
      </fieldset>
      {failed && (
        <p className="field-error" role="alert">
          {t('saveFailed')}
        </p>
      )}
    </Dialog>
  );
}
