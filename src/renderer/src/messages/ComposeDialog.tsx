import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { contactDisplayName, type Contact } from '../../../shared/contact';
import { draftHasText, emptyDraft, templateKey, validateDraft, type ComposeDraft, type ComposeError, type ComposeField } from '../../../shared/messaging/compose';
import { inboxOptions, needsTemplate, renderTemplate, sendableTemplates, templateParams, type InboxOption } from '../../../shared/messaging/eligibility';
import { formatKeys, matchesKeys } from '../../../shared/shortcuts';
import { useServices } from '../ui/services';
import { Dialog } from '../ui/Dialog';
import { formatExactDate } from '../ui/time';
import { useToasts } from '../ui/toasts';
import { useContactMessaging, useMessagesRepository } from './useMessages';

/**
 * The composer (issue 9): the inbox to send from (unavailable ones listed with their reason), the
 * fields its channel needs, Send or $mod+Enter. Sending only queues (one local transaction); sync
 * creates the conversation, so it works the same offline. Esc asks before throwing typed text away.
 */
export function ComposeDialog(props: { contact: Contact; onClose: () => void }) {
  const { t, i18n } = useTranslation('messages');
  const services = useServices();
  const messages = useMessagesRepository();
  const showToast = useToasts((s) => s.show);
  const { contact, onClose } = props;
  const { conversations, inboxes, links } = useContactMessaging(contact.id);
  const platform = services.hostInfo.platform;
  // Eligibility is decided once per opening (the WhatsApp window must not close under the user's typing).
  const [openedAt] = useState(() => Date.now());
  const options = useMemo(
    () => inboxOptions(inboxes, { email: contact.email, phone: contact.phone }, links, conversations ?? [], openedAt),
    [inboxes, contact.email, contact.phone, links, conversations, openedAt],
  );
  const eligible = options.filter((option) => option.eligible);
  const unavailable = options.filter((option) => !option.eligible);
  const [draft, setDraft] = useState<ComposeDraft>(() => emptyDraft());
  const [errors, setErrors] = useState<ComposeError[]>([]);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const name = contactDisplayName(contact);

  // Until the user picks, the first offered inbox (Chatwoot's order: Email, WhatsApp, SMS, Website, API).
  const inboxId = draft.inboxId ?? eligible[0]?.inbox.id ?? null;
  const option: InboxOption | undefined = options.find((candidate) => candidate.inbox.id === inboxId);
  const templateMode = option ? needsTemplate(option) : false;
  const templates = option?.eligible ? sendableTemplates(option.inbox.messageTemplates ?? []) : [];
  const template = templates.find((candidate) => templateKey(candidate) === draft.templateKey);
  const set = (patch: Partial<ComposeDraft>) => {
    setDraft((current) => ({ ...current, inboxId, ...patch }));
    setErrors([]);
  };

  const close = () => {
    setConfirmingDiscard(false);
    onClose();
  };
  const requestClose = () => {
    if (confirmingDiscard) setConfirmingDiscard(false);
    else if (draftHasText(draft)) setConfirmingDiscard(true);
    else close();
  };

  const submit = async () => {
    if (saving) return;
    const result = validateDraft(option, { ...draft, inboxId });
    if (!result.ok) {
      setErrors(result.errors);
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSaving(true);
    try {
      await messages.send(contact.id, result.message);
      const online = services.appSync.connected() && navigator.onLine;
      showToast({ message: online ? t('sending', { name }) : t('queued', { name }), duration: 5000 });
      close();
      void services.appSync.engine.refresh();
      if (online) void services.appSync.engine.syncNow();
    } catch {
      showToast({ message: t('failed'), duration: 8000 });
    } finally {
      setSaving(false);
    }
  };

  const errorsOf = (field: ComposeField) => errors.filter((error) => error.field === field);
  const sendKeys = formatKeys('$mod+Enter', platform).join(platform === 'mac' ? '' : '+');

  return (
    <Dialog
      open
      onClose={requestClose}
      title={t('title', { name })}
      className="compose-dialog"
      footer={
        confirmingDiscard ? (
          <div className="confirm-row" role="alertdialog" aria-label={t('discardQuestion')}>
            <span>{t('discardQuestion')}</span>
            <button type="button" className="button" autoFocus onClick={() => setConfirmingDiscard(false)}>
              {t('keepWriting')}
            </button>
            <button type="button" className="button danger" onClick={close}>
              {t('discard')}
            </button>
          </div>
        ) : (
          <>
            <span className="footer-hint">{t('sendHint', { keys: sendKeys })}</span>
            <button type="button" className="button" onClick={requestClose}>
              {t('cancel')}
            </button>
            <button type="submit" form="compose-form" className="button primary" disabled={saving || !option?.eligible}>
              {t('send')}
            </button>
          </>
        )
      }
    >
      <form
        id="compose-form"
        ref={formRef}
        className="compose-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        onKeyDown={(event) => {
          if (matchesKeys(event, '$mod+Enter', platform)) {
            event.preventDefault();
            void submit();
          }
        }}
      >
        {options.length === 0 ? (
          <p className="compose-notice">{t('noInboxes')}</p>
        ) : (
          <>
            <ComposeField label={t('inbox')} errors={errorsOf('inbox')}>
              {(fieldProps) => (
                <select {...fieldProps} value={inboxId ?? ''} onChange={(event) => set({ inboxId: Number(event.target.value), templateKey: null, templateParams: {} })}>
                  {eligible.length === 0 && <option value="">{t('noneEligible')}</option>}
                  {options.map((candidate) => (
                    <option key={candidate.inbox.id} value={candidate.inbox.id} disabled={!candidate.eligible}>
                      {candidate.eligible
                        ? `${candidate.inbox.name} (${t(`channel.${candidate.channel}`)})`
                        : t('inboxUnavailable', { name: `${candidate.inbox.name} (${t(`channel.${candidate.channel}`)})`, reason: t(`reason.${candidate.reason}`) })}
                    </option>
                  ))}
                </select>
              )}
            </ComposeField>
            {unavailable.length > 0 && (
              <div>
                <p className="field-hint">{t('unavailableTitle')}</p>
                <ul className="compose-unavailable">
                  {unavailable.map((candidate) =>
                    candidate.eligible ? null : (
                      <li key={candidate.inbox.id}>
                        {candidate.inbox.name}: {t(`reason.${candidate.reason}`)}
                      </li>
                    ),
                  )}
                </ul>
              </div>
            )}
          </>
        )}
        {option?.eligible && option.channel === 'email' && (
          <>
            <ComposeField label={t('subject')} hint={t('subjectHint')} errors={errorsOf('subject')}>
              {(fieldProps) => <input {...fieldProps} value={draft.subject} onChange={(event) => set({ subject: event.target.value })} />}
            </ComposeField>
            <ComposeField label={t('cc')} hint={t('recipientsHint')} errors={errorsOf('cc')}>
              {(fieldProps) => <input {...fieldProps} value={draft.cc} onChange={(event) => set({ cc: event.target.value })} />}
            </ComposeField>
            <ComposeField label={t('bcc')} hint={t('recipientsHint')} errors={errorsOf('bcc')}>
              {(fieldProps) => <input {...fieldProps} value={draft.bcc} onChange={(event) => set({ bcc: event.target.value })} />}
            </ComposeField>
          </>
        )}
        {option?.eligible && option.whatsapp && (
          <p className={`compose-notice ${option.whatsapp.open ? 'ok' : ''}`}>
            {option.whatsapp.open && option.whatsapp.closesAt !== null ? t('whatsappOpen', { time: formatExactDate(option.whatsapp.closesAt, i18n.language) }) : t('whatsappClosed')}
          </p>
        )}
        {templateMode ? (
          <>
            {templates.length === 0 ? (
              <p className="compose-notice">{t('noTemplates')}</p>
            ) : (
              <ComposeField label={t('template')} errors={errorsOf('template')}>
                {(fieldProps) => (
                  <select {...fieldProps} value={draft.templateKey ?? ''} onChange={(event) => set({ templateKey: event.target.value || null, templateParams: {} })}>
                    <option value="">{t('chooseTemplate')}</option>
                    {templates.map((candidate) => (
                      <option key={templateKey(candidate)} value={templateKey(candidate)}>
                        {candidate.name} ({candidate.language})
                      </option>
                    ))}
                  </select>
                )}
              </ComposeField>
            )}
            {template &&
              templateParams(template.body).map((param) => (
                <ComposeField key={param} label={t('param', { name: param })} errors={errorsOf(`param:${param}`)}>
                  {(fieldProps) => (
                    <input {...fieldProps} value={draft.templateParams[param] ?? ''} onChange={(event) => set({ templateParams: { ...draft.templateParams, [param]: event.target.value } })} />
                  )}
                </ComposeField>
              ))}
            {template && (
              <div>
                <p className="field-hint">{t('preview')}</p>
                <p className="compose-preview">{renderTemplate(template.body, draft.templateParams)}</p>
              </div>
            )}
          </>
        ) : (
          option?.eligible && (
            <ComposeField label={t('message')} errors={errorsOf('content')}>
              {(fieldProps) => <textarea {...fieldProps} autoFocus rows={6} value={draft.content} onChange={(event) => set({ content: event.target.value })} />}
            </ComposeField>
          )
        )}
      </form>
    </Dialog>
  );
}

interface FieldProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled field with its hint and its problems beside it. */
function ComposeField(props: { label: string; hint?: string; errors: readonly ComposeError[]; children: (props: FieldProps) => ReactNode }) {
  const { t } = useTranslation('messages');
  const id = useId();
  const described = [props.hint ? `${id}-hint` : null, props.errors.length > 0 ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`field ${props.errors.length > 0 ? 'has-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, 'aria-invalid': props.errors.length > 0, 'aria-describedby': described || undefined })}
      {props.hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.errors.length > 0 && (
        <p className="field-error" id={`${id}-error`}>
          {props.errors.map((error) => t(`errors.${error.code}`, { value: error.value ?? '' })).join(' ')}
        </p>
      )}
    </div>
  );
}
