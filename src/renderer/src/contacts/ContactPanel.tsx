import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contactDisplayName, SOCIAL_NETWORKS, type Contact } from '../../../shared/contact';
import { validateCustomAttributeValue } from '../../../shared/validation';
import type { AttributeDefinition } from '../../../shared/records';
import { useServices } from '../ui/services';
import { useAttributeDefinitions } from '../settings/attributesStore';
import { ConflictBox } from '../sync/ConflictBox';
import { useNotesRefresh } from '../sync/useNotesRefresh';
import { Dialog } from '../ui/Dialog';
import { lazySection } from '../ui/LazySection';
import { formatExactDate, formatRelativeDate } from '../ui/time';
import { useToasts } from '../ui/toasts';
import { useNow } from '../ui/useNow';
import { AttributeInput, attributeInputValue } from './AttributeInput';
import { formatPhone } from '../../../shared/validation/normalize';
import { countryName } from './cells';
import { useContactUi } from './contactUi';
import { currentRows } from './currentView';
import { LabelPicker } from './LabelPicker';
import { useContactsView } from './store';
import { isTypingTarget } from '../shortcuts/useGlobalShortcuts';
import { ConversationsSection } from '../messages/ConversationsSection';
import { NewMessageButton } from '../messages/NewMessageButton';
import { ownValue } from '../../../shared/own';
import './contactText.css';

// The notes editor (Slate) is not part of the app's first paint: it loads when the app is first
// idle (preloadNotes, called by ContactsScreen) or with the first contact opened, whichever comes first.
const notes = lazySection(() => import('../notes/NotesSection').then((module) => module.NotesSection));
export const preloadNotes = notes.preload;
const NotesSection = notes.Section;

/** How long "Undo" stays offered after a delete. */
export const UNDO_WINDOW_MS = 10_000;

function initials(contact: Contact): string {
  const name = contactDisplayName(contact);
  const parts = name.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

/** The contact sidebar: details, labels, custom attributes and the actions on one contact. */
export function ContactPanel() {
  const openId = useContactUi((s) => s.openId);
  const indexVersion = useContactsView((s) => s.indexVersion);
  const { index } = useServices();
  const contact = openId ? index.get(openId) : undefined;
  if (!openId) return null;
  return <ContactDetails key={openId} contact={contact} version={indexVersion} />;
}

function ContactDetails(props: { contact: Contact | undefined; version: number }) {
  const { t, i18n } = useTranslation('contact');
  const services = useServices();
  const { repository, host, index } = services;
  const openContact = useContactUi((s) => s.openContact);
  const openForm = useContactUi((s) => s.openForm);
  const openMerge = useContactUi((s) => s.openMerge);
  const showToast = useToasts((s) => s.show);
  const definitions = useAttributeDefinitions((s) => s.definitions);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const now = useNow();
  const { contact } = props;
  // Stock Chatwoot has no change feed: opening a contact reads its notes from the server.
  useNotesRefresh(services.appSync, contact?.id ?? null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]') || isTypingTarget(event.target)) return;
      if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && contact && !event.altKey) {
        // In the grid, arrows move the grid's focus; elsewhere they walk the list with the panel open.
        if ((event.target as HTMLElement | null)?.closest('.ag-root')) return;
        const rows = currentRows(index, services.notes);
        const at = rows.findIndex((row) => row.id === contact.id);
        const next = rows[at + (event.key === 'ArrowDown' ? 1 : -1)];
        if (next) {
          event.preventDefault();
          openContact(next.id);
          window.dispatchEvent(new CustomEvent('wintook:reveal-contact', { detail: { index: at + (event.key === 'ArrowDown' ? 1 : -1) } }));
        }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [contact, index, services.notes, openContact]);

  if (!contact) {
    return (
      <aside className="contact-panel" aria-label={t('panel.label')}>
        <p className="panel-gone">{t('panel.gone')}</p>
        <button type="button" className="button" onClick={() => openContact(null)}>
          {t('panel.close')}
        </button>
      </aside>
    );
  }

  const remove = async () => {
    setConfirmDelete(false);
    const removed = await repository.contacts.remove(contact.id);
    openContact(null);
    if (!removed) return;
    showToast({
      message: t('panel.deleted', { name: contactDisplayName(removed) }),
      duration: UNDO_WINDOW_MS,
      action: { label: t('panel.undo'), run: () => void repository.contacts.restore([removed]).then(() => openContact(removed.id)) },
    });
  };

  // Chatwoot's `blocked`, synced like any other field; the toast's Undo sets it back.
  const setBlocked = async (blocked: boolean) => {
    const updated = await repository.contacts.update(contact.id, { blocked });
    showToast({
      message: t(blocked ? 'blocking.blocked' : 'blocking.unblocked', { name: contactDisplayName(updated) }),
      duration: UNDO_WINDOW_MS,
      action: { label: t('panel.undo'), run: () => void repository.contacts.update(contact.id, { blocked: !blocked }) },
    });
  };

  const openLink = (url: string) => void host.openExternal(url);
  const lang = i18n.language;
  const details: { key: string; label: string; value: React.ReactNode }[] = [];
  if (contact.email)
    details.push({ key: 'email', label: t('fields.email'), value: contact.email });
  if (contact.phone) details.push({ key: 'phone', label: t('fields.phone'), value: formatPhone(contact.phone) });
  if (contact.identifier) details.push({ key: 'identifier', label: t('fields.identifier'), value: contact.identifier });
  if (contact.company) details.push({ key: 'company', label: t('fields.company'), value: contact.company });
  if (contact.city) details.push({ key: 'city', label: t('fields.city'), value: contact.city });
  const country = countryName(contact, lang);
  if (country) details.push({ key: 'country', label: t('fields.country'), value: country });
  for (const network of SOCIAL_NETWORKS) {
    const profile = contact.socialProfiles[network];
    if (!profile) continue;
    const isLink = /^https?:\/\//i.test(profile);
    details.push({
      key: network,
      label: t(`social.${network}`),
      value: isLink ? (
        <button type="button" className="link-button" onClick={() => openLink(profile)}>
          {profile}
        </button>
      ) : (
        profile
      ),
    });
  }

  return (
    <aside className="contact-panel" aria-label={t('panel.label')}>
      <header className="panel-header">
        <div className="avatar" aria-hidden="true">
          {initials(contact)}
        </div>
        <div className="panel-title">
          <h2>{contactDisplayName(contact) || t('panel.unnamed')}</h2>
          {contact.name && (contact.email || contact.phone) && <p>{contact.email ?? formatPhone(contact.phone!)}</p>}
          {contact.blocked && (
            <p className="blocked-badge" title={t('blocking.badgeHint')}>
              {t('blocking.badge')}
            </p>
          )}
        </div>
        <button type="button" className="icon-button" aria-label={t('panel.close')} onClick={() => openContact(null)}>
          ×
        </button>
      </header>
      <div className="panel-actions">
        <NewMessageButton contact={contact} />
        <button type="button" className="button" onClick={() => openForm({ mode: 'edit', id: contact.id })}>
          {t('panel.edit')}
        </button>
        <button type="button" className="button" onClick={() => openMerge(contact.id)}>
          {t('panel.merge')}
        </button>
        <button type="button" className="button" onClick={() => void setBlocked(!contact.blocked)}>
          {t(contact.blocked ? 'blocking.unblock' : 'blocking.block')}
        </button>
        <button type="button" className="button danger-outline" onClick={() => setConfirmDelete(true)}>
          {t('panel.delete')}
        </button>
      </div>
      <div className="panel-body">
        <ConflictBox
          contactId={contact.id}
          appSync={services.appSync}
          fieldLabel={(field) => t(`fields.${field}`, { defaultValue: field })}
          formatValue={(field, value) => (field === 'phone' && typeof value === 'string' ? formatPhone(value) : null)}
        />
        <dl className="details">
          {details.map((detail) => (
            <div key={detail.key} className="detail">
              <dt>{detail.label}</dt>
              <dd>{detail.value}</dd>
            </div>
          ))}
          <div className="detail">
            <dt>{t('fields.createdAt')}</dt>
            <dd title={formatExactDate(contact.createdAt, lang)}>{formatRelativeDate(contact.createdAt, now, lang)}</dd>
          </div>
          <div className="detail">
            <dt>{t('fields.lastActivityAt')}</dt>
            <dd title={contact.lastActivityAt ? formatExactDate(contact.lastActivityAt, lang) : undefined}>
              {contact.lastActivityAt ? formatRelativeDate(contact.lastActivityAt, now, lang) : t('panel.never')}
            </dd>
          </div>
        </dl>
        {contact.description && (
          <section className="panel-section">
            <h3>{t('fields.description')}</h3>
            <p className="description">{contact.description}</p>
          </section>
        )}
        <section className="panel-section" aria-labelledby="panel-labels">
          <h3 id="panel-labels">{t('fields.labels')}</h3>
          <LabelPicker
            labels={contact.labels}
            inputProps={{ 'aria-label': t('labels.add') } as never}
            onChange={(labels) => void repository.contacts.update(contact.id, { labels })}
          />
        </section>
        <ConversationsSection contact={contact} />
        <NotesSection contactId={contact.id} label={t('title', { ns: 'notes' })} />
        {definitions.length > 0 && (
          <section className="panel-section" aria-labelledby="panel-attributes">
            <h3 id="panel-attributes">{t('form.customAttributes')}</h3>
            <dl className="details">
              {definitions.map((definition) => (
                <AttributeRow key={definition.key} contact={contact} definition={definition} onOpenLink={openLink} />
              ))}
            </dl>
          </section>
        )}
      </div>
      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t('panel.deleteTitle')}
        footer={
          <>
            <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
              {t('form.cancel')}
            </button>
            <button type="button" className="button danger" onClick={() => void remove()}>
              {t('panel.deleteConfirm')}
            </button>
          </>
        }
      >
        <p>{t('panel.deleteBody', { name: contactDisplayName(contact) })}</p>
      </Dialog>
    </aside>
  );
}

/** One custom attribute: its value (links open in the browser), edited in place by type. */
function AttributeRow(props: { contact: Contact; definition: AttributeDefinition; onOpenLink: (url: string) => void }) {
  const { t } = useTranslation('contact');
  const { repository } = useServices();
  const { contact, definition } = props;
  const stored = ownValue(contact.customAttributes, definition.key);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(attributeInputValue(stored));
  const [error, setError] = useState<string | null>(null);
  const inputId = `attr-${definition.key}`;

  const save = async () => {
    const next = { ...contact.customAttributes };
    if (draft.trim() === '') {
      delete next[definition.key];
    } else {
      const result = validateCustomAttributeValue(definition, draft);
      if (!result.ok) {
        setError(t(result.code, { ns: 'validation', ...result.params }));
        return;
      }
      next[definition.key] = result.value;
    }
    await repository.contacts.update(contact.id, { customAttributes: next });
    setEditing(false);
    setError(null);
  };

  let shown: React.ReactNode = <span className="cell-muted">{t('attributes.empty')}</span>;
  if (stored !== undefined && stored !== null && stored !== '') {
    if (definition.type === 'checkbox') shown = stored ? t('attributes.yes') : t('attributes.no');
    else if (definition.type === 'link' && typeof stored === 'string')
      shown = (
        <button type="button" className="link-button" onClick={() => props.onOpenLink(stored)}>
          {stored}
        </button>
      );
    else shown = String(stored);
  }

  return (
    <div className="detail attribute">
      <dt>
        <label htmlFor={inputId}>{definition.displayName}</label>
      </dt>
      <dd>
        {editing ? (
          <form
            className="inline-edit"
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                event.stopPropagation();
                setEditing(false);
                setDraft(attributeInputValue(stored));
                setError(null);
              }
            }}
          >
            <AttributeInput
              definition={definition}
              value={draft}
              onChange={setDraft}
              inputProps={{ id: inputId, name: definition.key, 'aria-invalid': Boolean(error) }}
            />
            <button type="submit" className="button primary small">
              {t('attributes.save')}
            </button>
            {error && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
          </form>
        ) : (
          <span className="attribute-value">
            {shown}
            <button
              type="button"
              className="icon-button small"
              aria-label={t('attributes.edit', { name: definition.displayName })}
              onClick={() => {
                setDraft(attributeInputValue(stored));
                setEditing(true);
              }}
            >
              ✎
            </button>
          </span>
        )}
      </dd>
    </div>
  );
}
