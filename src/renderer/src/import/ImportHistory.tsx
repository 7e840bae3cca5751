import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportBatch } from '../../../shared/records';
import { downloadText } from '../export/download';
import { Dialog } from '../ui/Dialog';
import { undoImportBatch } from './importController';
import { errorReport, getImports } from './importHistory';
import { useImport } from './importStore';
import { describeRow } from './messages';

/** Past imports with their reports, error report and undo. Meant for Settings → Imports (see the report). */
export function ImportHistoryPanel() {
  const { t, i18n } = useTranslation('import');
  const tAll = useTranslation().t;
  const flow = useImport((s) => s.flow);
  const [imports, setImports] = useState<ImportBatch[] | null>(null);
  useEffect(() => {
    void getImports().then(setImports);
  }, [flow]);
  if (imports === null) return <p role="status">{t('reading')}</p>;
  if (imports.length === 0) return <p>{t('noImports')}</p>;
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <ul className="import-history" aria-label={t('history')}>
      {imports.map((batch) => (
        <li key={batch.id}>
          <div>
            <strong>{batch.fileName}</strong> · {format.format(batch.startedAt)} · {t(`states.${batch.state}`)}
            <div className="field-hint">
              {t('historyCounts', {
                created: batch.counts.created,
                updated: batch.counts.updated,
                merged: batch.counts.merged ?? 0,
                skipped: batch.counts.skipped,
                failed: batch.counts.failed,
              })}
            </div>
          </div>
          <div>
            {batch.counts.failed + (batch.counts.warned ?? 0) > 0 && (
              <button
                type="button"
                className="button subtle"
                onClick={() => {
                  void errorReport(batch, (row) => describeRow(tAll, row)).then((csv) =>
                    downloadText(`${batch.fileName.replace(/\.[^.]*$/, '')}-errors.csv`, csv),
                  );
                }}
              >
                {t('downloadErrors')}
              </button>
            )}
            {batch.state !== 'undone' && !(flow.step === 'importing' && flow.importId === batch.id) && (
              <button
                type="button"
                className="button subtle"
                onClick={() => {
                  useImport.getState().setHistoryOpen(false);
                  undoImportBatch(batch);
                }}
              >
                {t('undo')}
              </button>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function ImportHistoryDialog() {
  const { t } = useTranslation('import');
  const open = useImport((s) => s.historyOpen);
  const setOpen = useImport((s) => s.setHistoryOpen);
  return (
    <Dialog open={open} title={t('historyTitle')} onClose={() => setOpen(false)}>
      {open && <ImportHistoryPanel />}
    </Dialog>
  );
}
