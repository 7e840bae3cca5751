import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RowPlan } from '../../../shared/csv';
import { contactCountryName } from '../../../shared/countries';
import { formatPhone } from '../../../shared/validation/normalize';
import type { PreviewRow } from '../data/api';
import type { Analysis } from './importStore';
import { describeRow } from './messages';
import { Totals } from './Totals';

function statusOf(plan: RowPlan): 'create' | 'update' | 'merge' | 'skip' | 'fail' {
  if (plan.kind === 'update') return plan.existing ? 'update' : 'merge';
  return plan.kind;
}

export function PreviewStep(props: { analysis: Analysis }) {
  const { t } = useTranslation('import');
  const [onlyProblems, setOnlyProblems] = useState(false);
  const { totals } = props.analysis;
  const rows = onlyProblems ? props.analysis.problems : props.analysis.preview;
  return (
    <div className="import-preview">
      <Totals
        label={t('totalsLabel')}
        items={[
          [t('totals.rows'), totals.rows],
          [t('totals.create'), totals.create],
          [t('totals.update'), totals.update],
          [t('totals.merge'), totals.merge],
          [t('totals.skip'), totals.skip],
          [t('totals.fail'), totals.fail],
          [t('totals.warn'), totals.warn],
        ]}
      />
      <label className="import-toggle">
        <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />
        {t('onlyProblems', { count: props.analysis.problems.length })}
      </label>
      <PreviewTable rows={rows} />
    </div>
  );
}

function PreviewTable(props: { rows: PreviewRow[] }) {
  const { t, i18n } = useTranslation('import');
  return (
    <table className="import-table" aria-label={t('previewLabel')}>
      <thead>
        <tr>
          <th scope="col">{t('line')}</th>
          <th scope="col">{t('action')}</th>
          <th scope="col">{t('fields.name')}</th>
          <th scope="col">{t('fields.email')}</th>
          <th scope="col">{t('fields.phone')}</th>
          <th scope="col">{t('fields.country')}</th>
          <th scope="col">{t('labelsTarget')}</th>
          <th scope="col">{t('problems')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => {
          const status = statusOf(row.plan);
          const fields = row.plan.kind === 'create' ? row.plan.fields : row.plan.kind === 'update' ? row.plan.patch : null;
          const messages =
            row.plan.kind === 'fail'
              ? describeRow(t, { severity: 'error', messages: row.plan.errors })
              : row.plan.warnings.length > 0
                ? describeRow(t, { severity: 'warning', messages: row.plan.warnings })
                : '';
          return (
            <tr key={row.line} className={`status-${status}`}>
              <td>{row.line}</td>
              <td>
                <span className={`import-badge ${status}`}>{t(`status.${status}`)}</span>
              </td>
              <td>{fields ? (fields.name ?? '') : (row.cells[0] ?? '')}</td>
              <td>{fields?.email ?? ''}</td>
              <td className="import-phone">{fields?.phone ? formatPhone(fields.phone) : ''}</td>
              <td>{fields ? contactCountryName({ country: fields.country ?? null, countryCode: fields.countryCode ?? null }, i18n.language) : ''}</td>
              <td>{fields?.labels?.join(', ') ?? ''}</td>
              <td className="import-messages">{messages}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
