import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportBatch } from '../../../shared/records';
import { errorReport, getProblems } from '../data/api';
import { downloadText } from '../export/download';
import { describeRow, fieldLabel, sharedValues, type SharedValue } from './messages';
import { Totals } from './Totals';

function SharedValues(props: { batchId: string }) {
  const { t } = useTranslation('import');
  const [values, setValues] = useState<SharedValue[]>([]);
  useEffect(() => {
    let live = true;
    void getProblems(props.batchId).then((problems) => {
      if (live) setValues(sharedValues(problems));
    });
    return () => {
      live = false;
    };
  }, [props.batchId]);
  if (values.length === 0) return null;
  return (
    <ul className="import-shared">
      {values.map((entry) => {
        const [name, line] = entry.holder.split('|');
        const holder = line ? t('lineRef', { name, line: Number(line) }) : name;
        return (
          <li key={`${entry.field}:${entry.value}`}>
            {t('sharedValue', { field: fieldLabel(t, entry.field), value: entry.value, holder, count: entry.rows })}
          </li>
        );
      })}
    </ul>
  );
}

export function ReportStep(props: { batch: ImportBatch; cancelled: boolean; failure: { code: string; params: Record<string, string | number> } | null }) {
  const { t } = useTranslation('import');
  const tAll = useTranslation().t;
  const { counts } = props.batch;
  const problems = counts.failed + (counts.warned ?? 0);
  let note: ReactNode = null;
  if (props.failure) note = <p role="alert">{t('failedPartway', { reason: t(`fileProblems.${props.failure.code}`, props.failure.params) })}</p>;
  else if (props.cancelled) note = <p role="alert">{t('cancelledNote')}</p>;
  return (
    <div className="import-report">
      {note}
      <Totals
        label={t('reportLabel')}
        items={[
          [t('report.created'), counts.created],
          [t('report.updated'), counts.updated],
          [t('report.merged'), counts.merged ?? 0],
          [t('report.skipped'), counts.skipped],
          [t('report.failed'), counts.failed],
          [t('report.warned'), counts.warned ?? 0],
        ]}
      />
      {(counts.merged ?? 0) > 0 && <p>{t('explainMerged', { count: counts.merged })}</p>}
      {(counts.warned ?? 0) > 0 && <p>{t('explainWarned', { count: counts.warned })}</p>}
      <SharedValues batchId={props.batch.id} />
      {counts.failed > 0 && <p>{t('explainFailed', { count: counts.failed })}</p>}
      {problems > 0 && (
        <button
          type="button"
          className="button"
          onClick={() => {
            void errorReport(props.batch, (row) => describeRow(tAll, row), tAll('import:errorReport.errorsColumn')).then((csv) =>
              downloadText(`${props.batch.fileName.replace(/\.[^.]*$/, '')}-errors.csv`, csv),
            );
          }}
        >
          {t('downloadErrors')}
        </button>
      )}
    </div>
  );
}
