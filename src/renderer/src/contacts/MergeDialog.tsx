import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contactDisplayName, type Contact } from '../../../shared/contact';
import { mergeContactFields } from '../../../shared/merge';
import { useServices } from '../ui/services';
import { Dialog } from '../ui/Dialog';
import { useToasts } from '../ui/toasts';
import { formatPhone } from '../../../shared/validation/normalize';
import { useContactUi } from './contactUi';
import { lostInMerge, type LostValue } from './mergeSummary';
import { useAttributeDefinitions } from '../settings/attributesStore';

const lostKey = (value: LostValue) => (value.kind === 'field' ? value.field : value.kind === 'social' ? `social:${value.network}` : `attr:${value.key}`);

const MAX_RESULTS = 20;

/**
 * Picks another contact (searchable) to fold into the open one, shows the result before confirming:
 * this contact's non-empty values win, empty ones are filled from the other, labels are united,
 * notes move over, the other contact is deleted.
 */
export function MergeDialog() {
  const mergeFor = useContactUi((s) => s.mergeFor);
  if (!mergeFor) return null;
  return <Merge key={mergeFor} baseId={mergeFor} />;
}

function Merge(props: { baseId: string }) {
  const { t } = useTranslation('contact');
  const { index, repository, notes } = useServices();
  const openMerge = useContactUi((s) => s.openMerge);
  const showToast = useToasts((s) => s.show);
  const [query, setQuery] = useState('');
  const [otherId, setOtherId] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const base = index.get(props.baseId);
  const other = otherId ? index.get(otherId) : undefined;

  const results = useMemo(
    () =>
      query.trim() === ''
        ? []
        : index
            .view({ search: query, label: null, sort: { column: 'name', direction: 'asc' } })
            .rows.filter((c) => c.id !== props.baseId)
            .slice(0, MAX_RESULTS),
    [index, query, props.baseId],
  );
  const merged = base && other ? mergeContactFields(base, other) : null;
  const lost = merged && other ? lostInMerge(merged, other) : [];
  const notesMoving = other ? notes.count(other.id) : 0;
  const definitions = useAttributeDefinitions((s) => s.definitions);
  const lostName = (value: LostValue) => {
    switch (value.kind) {
      case 'field':
        return t(`fields.${value.field}`);
      case 'social':
        return t(`social.${value.network}`);
      case 'attribute':
        return definitions.find((definition) => definition.key === value.key)?.displayName ?? value.key;
    }
  };
  const close = () => openMerge(null);

  if (!base) return null;
  const confirm = async () => {
    if (!merged || !other) return;
    try {
      await repository.contacts.merge(base.id, other.id, merged);
      close();
      showToast({ message: t('merge.done', { other: contactDisplayName(other), name: contactDisplayName(base) }), duration: 6000 });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };

  const summary = (contact: Pick<Contact, 'name' | 'email' | 'phone' | 'company' | 'city' | 'identifier' | 'labels'>) => (
    <dl className="details compact">
      {(['name', 'email', 'phone', 'identifier', 'company', 'city'] as const).map((field) => (
        <div className="detail" key={field}>
          <dt>{t(`fields.${field}`)}</dt>
          <dd>{field === 'phone' && contact.phone ? formatPhone(contact.phone) : contact[field] || '—'}</dd>
        </div>
      ))}
      <div className="detail">
        <dt>{t('fields.labels')}</dt>
        <dd>{contact.labels.join(', ') || '—'}</dd>
      </div>
    </dl>
  );

  return (
    <Dialog
      open
      onClose={close}
      title={t('merge.title', { name: contactDisplayName(base) })}
      className="merge-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            {t('form.cancel')}
          </button>
          <button type="button" className="button danger" disabled={!merged} onClick={() => void confirm()}>
            {t('merge.confirm')}
          </button>
        </>
      }
    >
      {!other ? (
        <>
          <p className="dialog-intro">{t('merge.intro')}</p>
          <input
            type="search"
            className="merge-search"
            aria-label={t('merge.search')}
            placeholder={t('merge.search')}
            value={query}
            autoFocus
            onChange={(event) => setQuery(event.target.value)}
          />
          <ul className="pick-list" aria-label={t('merge.results')}>
            {results.map((contact) => (
              <li key={contact.id}>
                <button type="button" className="pick-item" onClick={() => setOtherId(contact.id)}>
                  <strong>{contactDisplayName(contact)}</strong>
                  <span>{[contact.email, contact.phone && formatPhone(contact.phone), contact.company].filter(Boolean).join(' · ')}</span>
                </button>
              </li>
            ))}
          </ul>
          {query.trim() !== '' && results.length === 0 && <p className="cell-muted">{t('merge.noResults')}</p>}
        </>
      ) : (
        <>
          <p className="dialog-intro">{t('merge.preview', { other: contactDisplayName(other), name: contactDisplayName(base) })}</p>
          <div className="merge-columns">
            <div className="merge-preview" aria-label={t('merge.result')} role="region">
              <h3>{t('mergeConfirm.kept', { name: contactDisplayName(base) })}</h3>
              {merged && summary(merged)}
            </div>
            <div className="merge-preview merge-deleted" aria-label={t('mergeConfirm.deleted', { name: contactDisplayName(other) })} role="region">
              <h3>{t('mergeConfirm.deleted', { name: contactDisplayName(other) })}</h3>
              {summary(other)}
            </div>
          </div>
          {notesMoving > 0 && <p>{t('mergeConfirm.notesMove', { count: notesMoving, name: contactDisplayName(base) })}</p>}
          {lost.length > 0 ? (
            <div className="merge-lost">
              <p>{t('mergeConfirm.lost', { other: contactDisplayName(other), name: contactDisplayName(base) })}</p>
              <ul aria-label={t('mergeConfirm.lostList')}>
                {lost.map((value) => (
                  <li key={lostKey(value)}>
                    <span className="merge-lost-what">{lostName(value)}</span>: {value.kind === 'field' && value.field === 'phone' ? formatPhone(value.value) : value.value}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p>{t('mergeConfirm.nothingLost', { other: contactDisplayName(other) })}</p>
          )}
          <button type="button" className="button subtle" onClick={() => setOtherId(null)}>
            {t('merge.pickAnother')}
          </button>
          {failure && (
            <p className="field-error" role="alert">
              {failure}
            </p>
          )}
        </>
      )}
    </Dialog>
  );
}
