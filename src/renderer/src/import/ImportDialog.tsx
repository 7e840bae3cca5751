import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CSV_DELIMITERS,
  CSV_ENCODINGS,
  MAPPABLE_FIELDS,
  mappingProblems,
  type ColumnTarget,
  type CsvDelimiter,
  type CsvEncoding,
  type RowPlan,
} from '../../../shared/csv';
import { SOCIAL_NETWORKS } from '../../../shared/contact';
import { contactCountryName } from '../../../shared/countries';
import { attributeKeyProblem, countryCodes } from '../../../shared/validation';
import type { ImportBatch } from '../../../shared/records';
import { useServices } from '../ui/services';
import { downloadText } from '../export/download';
import { Dialog } from '../ui/Dialog';
import {
  analyze,
  cancelImport,
  changeReading,
  changeSettings,
  closeImport,
  askUndoImport,
  startImport,
} from './importController';
import { errorReport, getProblems, type PreviewRow } from '../data/api';
import { useImport, type Analysis, type ImportFlow } from './importStore';
import { describeRow, fieldLabel, sharedValues, type SharedValue } from './messages';
import { UndoBody, UndoFooter } from './UndoImport';
import type { Inspection, Progress } from '../../../shared/csv/pipeline';
import './import.css';

/** Columns listed in the mapping table; the rest keep their automatic choice (see docs/import.md). */
const MAPPING_ROWS_SHOWN = 300;

export function ImportDialog() {
  const { t } = useTranslation('import');
  const flow = useImport((s) => s.flow);
  const open = flow.step !== 'closed';
  const busy = flow.step === 'importing' || flow.step === 'undoing';
  return (
    <Dialog open={open} title={titleOf(t, flow)} onClose={busy ? () => {} : closeImport} className="import-dialog" footer={open ? <Footer flow={flow} /> : undefined}>
      {open && <Body flow={flow} />}
    </Dialog>
  );
}

function titleOf(t: (key: string, options?: Record<string, unknown>) => string, flow: ImportFlow): string {
  switch (flow.step) {
    case 'confirm-undo':
      return t('undoImport.title', { file: flow.batch.fileName });
    case 'report':
    case 'undoing':
    case 'undone':
    case 'restored':
      return t('reportTitle', { file: flow.batch.fileName });
    case 'reading':
    case 'problem':
      return t('title', { file: flow.fileName });
    case 'map':
    case 'importing':
      return t('title', { file: flow.file.name });
    default:
      return t('import');
  }
}

function Body(props: { flow: ImportFlow }) {
  const { t } = useTranslation('import');
  const { flow } = props;
  switch (flow.step) {
    case 'closed':
      return null;
    case 'reading':
      return <p role="status">{t('reading')}</p>;
    case 'problem':
      return (
        <div className="import-problem" role="alert">
          <p>{t(`fileProblems.${flow.code}`, flow.params)}</p>
          <p className="field-hint">{t('nothingChanged')}</p>
        </div>
      );
    case 'map':
      return flow.analysis ? <PreviewStep analysis={flow.analysis} /> : <MapStep inspection={flow.inspection} analyzing={flow.analyzing} />;
    case 'importing':
      return <ImportingStep total={flow.total} progress={flow.progress} startedAt={flow.startedAt} progressAt={flow.progressAt} cancelling={flow.cancelling} />;
    case 'report':
      return <ReportStep batch={flow.batch} cancelled={flow.cancelled} failure={flow.failure} />;
    case 'confirm-undo':
    case 'undoing':
    case 'undone':
    case 'restored':
      return <UndoBody flow={flow} />;
  }
}

function Footer(props: { flow: ImportFlow }) {
  const { t } = useTranslation('import');
  const services = useServices();
  const { flow } = props;
  const close = (
    <button type="button" className="button" onClick={closeImport}>
      {t('close')}
    </button>
  );
  switch (flow.step) {
    case 'map': {
      const blocked = mappingProblems(flow.settings.mapping).length > 0;
      if (!flow.analysis)
        return (
          <>
            {close}
            <button type="button" className="button primary" disabled={blocked || flow.analyzing !== null} onClick={() => analyze(services)}>
              {t('previewButton')}
            </button>
          </>
        );
      const nothing = flow.analysis.totals.create + flow.analysis.totals.update + flow.analysis.totals.merge === 0;
      return (
        <>
          <button type="button" className="button" onClick={() => changeSettings({})}>
            {t('backToMapping')}
          </button>
          <button type="button" className="button primary" disabled={nothing} onClick={() => startImport(services)}>
            {t('start')}
          </button>
        </>
      );
    }
    case 'importing':
      return (
        <button type="button" className="button" disabled={flow.cancelling} onClick={cancelImport}>
          {flow.cancelling ? t('cancelling') : t('cancel')}
        </button>
      );
    case 'report':
      return (
        <>
          {flow.batch.state !== 'undone' && flow.batch.counts.created + flow.batch.counts.updated + (flow.batch.counts.merged ?? 0) > 0 && (
            <button type="button" className="button" onClick={() => askUndoImport(flow.batch)}>
              {t('undo')}
            </button>
          )}
          <button type="button" className="button primary" onClick={closeImport}>
            {t('done')}
          </button>
        </>
      );
    case 'confirm-undo':
    case 'undoing':
    case 'undone':
    case 'restored':
      return <UndoFooter flow={flow} />;
    default:
      return close;
  }
}

const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

function targetValue(target: ColumnTarget): string {
  switch (target.kind) {
    case 'ignore':
      return 'ignore';
    case 'labels':
      return 'labels';
    case 'field':
      return `field:${target.field}`;
    case 'social':
      return `social:${target.network}`;
    case 'attribute':
      return target.create ? `new:${target.key}` : `attr:${target.key}`;
  }
}

function parseTargetValue(value: string): ColumnTarget {
  const [kind, ...rest] = value.split(':');
  const arg = rest.join(':');
  switch (kind) {
    case 'labels':
      return { kind: 'labels' };
    case 'field':
      return { kind: 'field', field: arg as (typeof MAPPABLE_FIELDS)[number] };
    case 'social':
      return { kind: 'social', network: arg as (typeof SOCIAL_NETWORKS)[number] };
    case 'attr':
      return { kind: 'attribute', key: arg };
    case 'new':
      return { kind: 'attribute', key: arg, create: 'text' };
    default:
      return { kind: 'ignore' };
  }
}

function MapStep(props: { inspection: Inspection; analyzing: Progress | null }) {
  const { t, i18n } = useTranslation('import');
  const services = useServices();
  const flow = useImport((s) => s.flow);
  const [attributes, setAttributes] = useState<{ key: string; displayName: string }[]>([]);
  useEffect(() => {
    void services.repository.attributeDefinitions.getAll().then((list) => setAttributes(list.map((d) => ({ key: d.key, displayName: d.displayName }))));
  }, [services]);
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
    return countryCodes()
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  }, [i18n.language]);
  if (flow.step !== 'map') return null;
  const { inspection, analyzing } = props;
  const { settings } = flow;
  const problems = mappingProblems(settings.mapping);
  const shown = settings.mapping
    .map((target, column) => ({ target, column }))
    .filter(({ target, column }) => column < MAPPING_ROWS_SHOWN || target.kind !== 'ignore');
  const hidden = settings.mapping.length - shown.length;

  const setTarget = (column: number, target: ColumnTarget) => {
    const mapping = settings.mapping.slice();
    mapping[column] = target;
    changeSettings({ mapping });
  };

  return (
    <div className="import-map">
      <div className="import-reading">
        <div className="field">
          <label htmlFor="import-encoding">{t('encoding')}</label>
          <select id="import-encoding" value={settings.encoding} onChange={(e) => changeReading(services, { encoding: e.target.value as CsvEncoding })}>
            {CSV_ENCODINGS.map((encoding) => (
              <option key={encoding} value={encoding}>
                {t(`encodings.${encoding}`)}
                {encoding === inspection.detectedEncoding ? ` (${t('detected')})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-delimiter">{t('delimiter')}</label>
          <select id="import-delimiter" value={settings.delimiter} onChange={(e) => changeReading(services, { delimiter: e.target.value as CsvDelimiter })}>
            {CSV_DELIMITERS.map((delimiter) => (
              <option key={delimiter} value={delimiter}>
                {t(`delimiters.${DELIMITER_NAMES[delimiter]}`)}
                {delimiter === inspection.detectedDelimiter ? ` (${t('detected')})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-country">{t('defaultCountry')}</label>
          <select id="import-country" value={settings.defaultCountry} onChange={(e) => changeSettings({ defaultCountry: e.target.value })}>
            <option value="">{t('noCountry')}</option>
            {countries.map((country) => (
              <option key={country.code} value={country.code}>
                {country.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-policy">{t('existing')}</label>
          <select id="import-policy" value={settings.policy} onChange={(e) => changeSettings({ policy: e.target.value === 'skip' ? 'skip' : 'update' })}>
            <option value="update">{t('policy.update')}</option>
            <option value="skip">{t('policy.skip')}</option>
          </select>
        </div>
      </div>
      {flow.readingProblem && (
        <p className="import-warning" role="alert">
          {t(`fileProblems.${flow.readingProblem.code}`, flow.readingProblem.params)}
        </p>
      )}
      {inspection.undecodable > 0 && (
        <p className="import-warning" role="alert">
          {t('undecodable', { count: inspection.undecodable, encoding: t(`encodings.${settings.encoding}`) })}
        </p>
      )}
      {inspection.duplicateHeaders.length > 0 && (
        <p className="import-warning">{t('duplicateHeaders', { names: inspection.duplicateHeaders.join(', ') })}</p>
      )}
      <table className="import-table import-mapping" aria-label={t('mappingLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('column')}</th>
            <th scope="col">{t('firstValues')}</th>
            <th scope="col">{t('importAs')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ target, column }) => {
            const header = inspection.header[column] ?? '';
            const headerName = header || t('untitledColumn', { number: column + 1 });
            const newKeyProblem = attributeKeyProblem(header);
            const duplicate = problems.some((p) => p.code === 'duplicate-target' && p.columns.includes(column));
            return (
              <tr key={column} className={duplicate ? 'has-problem' : undefined}>
                <th scope="row">{headerName}</th>
                <td className="import-values">
                  {inspection.sample
                    .slice(0, 3)
                    .map((row) => row[column] ?? '')
                    .filter((value) => value !== '')
                    .join(' · ')}
                </td>
                <td>
                  <select aria-label={t('importAsFor', { column: headerName })} value={targetValue(target)} onChange={(e) => setTarget(column, parseTargetValue(e.target.value))}>
                    <option value="ignore">{t('ignore')}</option>
                    <optgroup label={t('standardFields')}>
                      {MAPPABLE_FIELDS.map((field) => (
                        <option key={field} value={`field:${field}`}>
                          {t(`fields.${field}`)}
                        </option>
                      ))}
                      <option value="labels">{t('labelsTarget')}</option>
                    </optgroup>
                    <optgroup label={t('socialProfiles')}>
                      {SOCIAL_NETWORKS.map((network) => (
                        <option key={network} value={`social:${network}`}>
                          {t(`social.${network}`)}
                        </option>
                      ))}
                    </optgroup>
                    <optgroup label={t('customAttributes')}>
                      {attributes.map((a) => (
                        <option key={a.key} value={`attr:${a.key}`}>
                          {a.displayName}
                        </option>
                      ))}
                      {newKeyProblem === null && !attributes.some((a) => a.key === header) && (
                        <option value={`new:${header}`}>{t('newAttribute', { key: header })}</option>
                      )}
                    </optgroup>
                  </select>
                  {duplicate && <span className="import-inline-problem">{t('duplicateTarget')}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {hidden > 0 && <p className="field-hint">{t('hiddenColumns', { count: hidden })}</p>}
      {problems.some((p) => p.code === 'nothing-identifies') && (
        <p className="import-warning" role="alert">
          {t('nothingIdentifies')}
        </p>
      )}
      {analyzing && (
        <div role="status" className="import-progress">
          <span>{t('analyzing', { percent: Math.floor((analyzing.bytesDone / Math.max(analyzing.totalBytes, 1)) * 100) })}</span>
          <progress max={analyzing.totalBytes} value={analyzing.bytesDone} aria-label={t('analyzingLabel')} />
        </div>
      )}
    </div>
  );
}

function statusOf(plan: RowPlan): 'create' | 'update' | 'merge' | 'skip' | 'fail' {
  if (plan.kind === 'update') return plan.existing ? 'update' : 'merge';
  return plan.kind;
}

function Totals(props: { items: [string, number][]; label: string }) {
  const { i18n } = useTranslation();
  return (
    <dl className="import-totals" aria-label={props.label}>
      {props.items.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value.toLocaleString(i18n.language)}</dd>
        </div>
      ))}
    </dl>
  );
}

function PreviewStep(props: { analysis: Analysis }) {
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
              <td>{fields?.phone ?? ''}</td>
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

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '…';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function ImportingStep(props: { total: number; progress: Progress | null; startedAt: number; progressAt: number; cancelling: boolean }) {
  const { t } = useTranslation('import');
  const done = props.progress?.rowsDone ?? 0;
  const elapsed = (props.progressAt - props.startedAt) / 1000;
  const rate = elapsed > 0 ? done / elapsed : 0;
  const left = rate > 0 ? (props.total - done) / rate : NaN;
  return (
    <div className="import-progress" role="status">
      <p>{props.cancelling ? t('cancelling') : t('importing', { done, total: props.total })}</p>
      <progress max={Math.max(props.total, 1)} value={done} aria-label={t('importProgress')} />
      <p className="field-hint">{t('rate', { rate: Math.round(rate), left: formatDuration(left) })}</p>
    </div>
  );
}

function ReportStep(props: { batch: ImportBatch; cancelled: boolean; failure: { code: string; params: Record<string, string | number> } | null }) {
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
