import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CSV_DELIMITERS, CSV_ENCODINGS, MAPPABLE_FIELDS, mappingProblems, type ColumnTarget, type CsvDelimiter, type CsvEncoding } from '../../../shared/csv';
import { SOCIAL_NETWORKS } from '../../../shared/contact';
import { attributeKeyProblem, countryCodes } from '../../../shared/validation';
import type { Inspection, Progress } from '../../../shared/csv/pipeline';
import { useServices } from '../ui/services';
import { changeReading, changeSettings } from './importController';
import { useImport } from './importStore';
import { parseTargetValue, targetValue } from './mappingTarget';

/** Columns listed in the mapping table; the rest keep their automatic choice (see docs/import.md). */
const MAPPING_ROWS_SHOWN = 300;

const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

export function MapStep(props: { inspection: Inspection; analyzing: Progress | null }) {
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
    changeSettings(services, { mapping });
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
          <select id="import-country" value={settings.defaultCountry} onChange={(e) => changeSettings(services, { defaultCountry: e.target.value })}>
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
          <select id="import-policy" value={settings.policy} onChange={(e) => changeSettings(services, { policy: e.target.value === 'skip' ? 'skip' : 'update' })}>
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
