import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../ui/services';
import { type QuarantinedRecord } from '../data/api';
import './storageHealth.css';

/**
 * Settings → General, only when there is something to say: the records set aside at start because
 * the app could not read them (issue 17, data/store/quarantine.ts), each with the field that was wrong.
 */
export function StorageHealth() {
  const { t, i18n } = useTranslation('settings');
  const { repository } = useServices();
  const [records, setRecords] = useState<QuarantinedRecord[]>([]);
  const headingId = useId();
  useEffect(() => {
    let live = true;
    void repository.quarantine.list().then((found) => {
      if (live) setRecords(found);
    });
    return () => {
      live = false;
    };
  }, [repository]);
  if (records.length === 0) return null;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="storage-health" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('storageHealth.title')}</h4>
      <p className="field-hint">{t('storageHealth.intro', { count: records.length })}</p>
      <ul>
        {records.map((record) => (
          <li key={record.seq}>
            {t('storageHealth.item', {
              key: record.key === null ? t('storageHealth.noKey') : String(record.key),
              field: record.problem,
              at: when.format(record.at),
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
