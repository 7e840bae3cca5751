import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabelCatalogue, useLabels } from '../labels/store';
import { LabelRow } from './LabelRow';
import { NewLabelForm } from './NewLabelForm';
import { UndefinedLabels } from './UndefinedLabels';

/** Settings → Labels: create, rename (contacts follow), recolour and delete label definitions. */
export function LabelsSection(props: { headingId: string }) {
  const { t } = useTranslation('settings');
  const labels = useLabels((s) => s.labels);
  const catalogue = useLabelCatalogue();
  const [announcement, setAnnouncement] = useState('');
  const newLabelInputId = useId();
  // Defined labels first, then the ones only contacts carry (one click defines them): together
  // they are the catalogue every other screen lists (labels/catalogue.ts).
  const defined = useMemo(() => catalogue.flatMap((entry) => (entry.definition ? [{ label: entry.definition, count: entry.count }] : [])), [catalogue]);
  const undefinedTitles = useMemo(() => catalogue.filter((entry) => !entry.definition), [catalogue]);
  const listHeadingId = useId();

  return (
    <div className="settings-section">
      <h3 id={props.headingId}>{t('labels.heading')}</h3>
      <p className="section-intro">{t('labels.intro')}</p>
      <NewLabelForm labels={labels} inputId={newLabelInputId} announce={setAnnouncement} />
      <h4 id={listHeadingId} className="visually-hidden">
        {t('labels.listHeading')}
      </h4>
      {catalogue.length === 0 && <p className="section-empty">{t('labels.empty')}</p>}
      {defined.length > 0 && (
        <ul className="settings-list" aria-labelledby={listHeadingId}>
          {defined.map(({ label, count }) => (
            <LabelRow
              key={label.id}
              label={label}
              labels={labels}
              count={count}
              announce={setAnnouncement}
              afterDelete={() => document.getElementById(newLabelInputId)?.focus()}
            />
          ))}
        </ul>
      )}
      {undefinedTitles.length > 0 && <UndefinedLabels titles={undefinedTitles} announce={setAnnouncement} />}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}
