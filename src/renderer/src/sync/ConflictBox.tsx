import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conflict } from '../../../shared/records';
import { NOTE_CONFLICT_PREFIX, CONTACT_FIELD_KEYS, DELETED_ON_SERVER_FIELD, type AppSync } from '../data/api';
import './sync.css';

function shown(value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The contact form's order (then custom attributes and notes, by key): stable between runs. */
export function inFieldOrder(conflicts: Conflict[]): Conflict[] {
  const rank = (field: string) => {
    const index = (CONTACT_FIELD_KEYS as readonly string[]).indexOf(field);
    return index === -1 ? CONTACT_FIELD_KEYS.length : index;
  };
  return [...conflicts].sort((a, b) => rank(a.field) - rank(b.field) || a.field.localeCompare(b.field));
}

/**
 * For the contact sidebar: "Changed on the server while you were offline", each field with both
 * values and "Keep mine" / "Keep theirs"; or, for a contact deleted on the server while edited
 * here, the question whether to keep it. Renders nothing when there is no conflict.
 * Mount in the sidebar: `<ConflictBox contactId={contact.id} appSync={appSync} />`.
 */
export function ConflictBox(props: {
  contactId: string;
  appSync: AppSync;
  fieldLabel?: (field: string) => string;
  /** How the sidebar shows a field's value (e.g. a phone number formatted); text otherwise. */
  formatValue?: (field: string, value: unknown) => string | null;
}) {
  const { t } = useTranslation('sync');
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const { contactId, appSync } = props;
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    const refresh = () => {
      void appSync.sync.conflictsOf(contactId).then((found) => {
        if (live) setConflicts(inFieldOrder(found));
      });
    };
    refresh();
    // Conflicts are written with the contact; a status change after each run is enough to re-read.
    const unsubscribe = appSync.engine.subscribe(refresh);
    return () => {
      live = false;
      unsubscribe();
    };
  }, [appSync, contactId, version]);

  if (conflicts.length === 0) return null;
  const resolve = async (id: string, choice: 'mine' | 'theirs') => {
    await appSync.sync.resolveConflict(id, choice);
    setVersion((v) => v + 1);
    await appSync.engine.refresh();
    if (choice === 'mine' && appSync.connected()) void appSync.engine.syncNow();
  };
  const deleted = conflicts.find((c) => c.field === DELETED_ON_SERVER_FIELD);
  if (deleted) {
    return (
      <section className="conflict-box" role="alert" aria-label={t('conflict.deletedHeading')}>
        <h3>{t('conflict.deletedHeading')}</h3>
        <p>{t('conflict.deletedText')}</p>
        <div className="conflict-actions">
          <button type="button" className="button primary" onClick={() => void resolve(deleted.id, 'mine')}>
            {t('conflict.keepContact')}
          </button>
          <button type="button" className="button" onClick={() => void resolve(deleted.id, 'theirs')}>
            {t('conflict.dropContact')}
          </button>
        </div>
      </section>
    );
  }
  const empty = t('conflict.empty');
  const show = (field: string, value: unknown): string => {
    const empties = value === null || value === undefined || value === '';
    return (!empties && props.formatValue?.(field, value)) || shown(value, empty);
  };
  return (
    <section className="conflict-box" role="alert" aria-label={t('conflict.heading')}>
      <h3>{t('conflict.heading')}</h3>
      <ul>
        {conflicts.map((conflict) => {
          // A note edited on both sides (`note:<id>`): "Note", with both texts.
          const label = conflict.field.startsWith(NOTE_CONFLICT_PREFIX) ? t('conflict.note') : (props.fieldLabel?.(conflict.field) ?? conflict.field);
          return (
            <li key={conflict.id} className="conflict-field">
              <strong>{label}</strong>
              <div>{t('conflict.mine', { value: show(conflict.field, conflict.localValue) })}</div>
              <div>{t('conflict.theirs', { value: show(conflict.field, conflict.serverValue) })}</div>
              <div className="conflict-actions">
                <button type="button" className="button" aria-label={`${t('conflict.keepMine')}: ${label}`} onClick={() => void resolve(conflict.id, 'mine')}>
                  {t('conflict.keepMine')}
                </button>
                <button type="button" className="button" aria-label={`${t('conflict.keepTheirs')}: ${label}`} onClick={() => void resolve(conflict.id, 'theirs')}>
                  {t('conflict.keepTheirs')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
