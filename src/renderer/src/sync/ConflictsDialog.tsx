import { useTranslation } from 'react-i18next';
import type { Conflict } from '../../../shared/records';
import { NOTE_CONFLICT_PREFIX, DELETED_ON_SERVER_FIELD, type AppSync } from '../data/api';
import { Dialog } from '../ui/Dialog';
import { inFieldOrder } from './ConflictBox';
import { useListOnStatus } from './useListOnStatus';

interface ContactConflicts {
  contactId: string;
  name: string;
  fields: string[];
}

/** One entry per contact, in the order the conflicts were found, fields in the form's order (as the sidebar). */
async function loadConflicts(appSync: AppSync): Promise<ContactConflicts[]> {
  const byContact = new Map<string, Conflict[]>();
  for (const conflict of [...(await appSync.sync.allConflicts())].sort((a, b) => a.detectedAt - b.detectedAt)) {
    const list = byContact.get(conflict.contactId);
    if (list) list.push(conflict);
    else byContact.set(conflict.contactId, [conflict]);
  }
  return Promise.all(
    [...byContact].map(async ([contactId, conflicts]) => ({
      contactId,
      name: (await appSync.sync.getContact(contactId))?.name ?? '',
      fields: inFieldOrder(conflicts).map((conflict) => conflict.field),
    })),
  );
}

/**
 * "Conflicts", opened from the footer (issue 16 item 5): every contact with a change made both
 * here and on the server, or deleted on the server while edited here, with a button that opens the
 * contact, whose sidebar has the choices (ConflictBox).
 */
export function ConflictsDialog(props: { open: boolean; onClose: () => void; appSync: AppSync; onOpenContact(contactId: string): void }) {
  const { t } = useTranslation('sync');
  const { t: tContact } = useTranslation('contact');
  const { appSync, open } = props;
  // Conflicts are counted with every status: a new status is when the list may have changed.
  const entries = useListOnStatus(appSync, open, loadConflicts);

  const fieldName = (field: string): string => {
    if (field === DELETED_ON_SERVER_FIELD) return t('conflicts.deleted');
    if (field.startsWith(NOTE_CONFLICT_PREFIX)) return t('conflict.note');
    return tContact(`fields.${field}`, { defaultValue: field });
  };

  return (
    <Dialog open={open} onClose={props.onClose} title={t('conflicts.title')} className="sync-problems-dialog">
      {entries.length === 0 ? (
        <p>{t('conflicts.empty')}</p>
      ) : (
        <>
          <p>{t('conflicts.intro')}</p>
          <ul className="sync-problems">
            {entries.map((entry) => {
              const name = entry.name || t('conflict.empty');
              return (
                <li key={entry.contactId} className="sync-problem">
                  <div>
                    <strong>{name}</strong>
                    <p className="field-hint">{[...new Set(entry.fields.map(fieldName))].join(', ')}</p>
                  </div>
                  <div className="sync-problem-actions">
                    <button
                      type="button"
                      className="button"
                      aria-label={t('conflicts.openLabel', { name })}
                      onClick={() => {
                        props.onOpenContact(entry.contactId);
                        props.onClose();
                      }}
                    >
                      {t('conflicts.open')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Dialog>
  );
}
