import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportBatch } from '../../../shared/records';
import { useServices } from '../ui/services';
import { downloadText } from '../export/download';
import { Dialog } from '../ui/Dialog';
import { askUndoImport } from './importController';
import { errorReport, getImports } from '../data/api';
import { useImport } from './importStore';
import { describeRow } from './messages';

type Figure = 'created' | 'updated' | 'merged' | 'skipped' | 'failed' | 'warned';
const FIGURES: readonly Figure[] = ['created', 'updated', 'merged', 'skipped', 'failed', 'warned'];

function figureOf(batch: ImportBatch, figure: Figure): number {
  return batch.counts[figure] ?? 0;
}

/**
 * Past imports, newest first, each with its figures, its error report and undo: mounted under
 * Settings → Imports and in the "Past imports" dialog. Undo shows its progress and result in the
 * import dialog, on top; the list follows the import flow, so it is current when that closes.
 */
export function ImportHistoryPanel() {
  const { t, i18n } = useTranslation('import');
  const tAll = useTranslation().t;
  const { host } = useServices();
  const flow = useImport((s) => s.flow);
  const [imports, setImports] = useState<ImportBatch[] | null>(null);
  useEffect(() => {
    let live = true;
    void getImports().then((batches) => {
      if (live) setImports(batches);
    });
    return () => {
      live = false;
    };
  }, [flow]);
  if (imports === null) return <p role="status">{t('reading')}</p>;
  if (imports.length === 0) return <p className="past-imports-empty">{t('noImports')}</p>;
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const running = flow.step === 'importing' ? flow.importId : null;
  return (
    <ul className="past-imports" aria-label={t('history')}>
      {imports.map((batch) => {
        const problems = batch.counts.failed + (batch.counts.warned ?? 0);
        return (
          <li key={batch.id} className="past-import" aria-label={batch.fileName}>
            <div className="past-import-head">
              <span className="past-import-name">{batch.fileName}</span>
              <span className={`past-import-state state-${batch.state}`}>
                {running === batch.id ? t('inProgress') : t(`states.${batch.state}`)}
              </span>
            </div>
            <div className="past-import-meta">
              <time dateTime={new Date(batch.startedAt).toISOString()}>{format.format(batch.startedAt)}</time>
              {' · '}
              {t('historyRows', { count: batch.counts.rows })}
            </div>
            <ul className="past-import-figures" aria-label={t('reportLabel')}>
              {FIGURES.filter((figure) => figure !== 'warned' || figureOf(batch, figure) > 0).map((figure) => (
                <li key={figure} className={figureOf(batch, figure) === 0 ? 'zero' : `figure-${figure}`}>
                  <span>{t(`report.${figure}`)}</span> <strong>{figureOf(batch, figure).toLocaleString(i18n.language)}</strong>
                </li>
              ))}
            </ul>
            {(problems > 0 || (batch.state !== 'undone' && running !== batch.id)) && (
              <div className="past-import-actions">
                {problems > 0 && (
                  <button
                    type="button"
                    className="button small"
                    aria-label={t('downloadErrorsOf', { file: batch.fileName })}
                    onClick={() => {
                      void errorReport(batch, (row) => describeRow(tAll, row), tAll('import:errorReport.errorsColumn')).then((csv) =>
                        downloadText(`${batch.fileName.replace(/\.[^.]*$/, '')}-errors.csv`, csv, host),
                      );
                    }}
                  >
                    {t('downloadErrors')}
                  </button>
                )}
                {batch.state !== 'undone' && running !== batch.id && (
                  <button
                    type="button"
                    className="button small danger-text"
                    aria-label={t('undoOf', { file: batch.fileName })}
                    onClick={() => {
                      useImport.getState().setHistoryOpen(false);
                      askUndoImport(batch);
                    }}
                  >
                    {t('undo')}
                  </button>
                )}
              </div>
            )}
          </li>
        );
      })}
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
