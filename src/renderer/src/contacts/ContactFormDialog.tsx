import { useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SOCIAL_NETWORKS } from '../../../shared/contact';
import { normalizePhone, normalizeText, type FieldError } from '../../../shared/validation';
import { useServices } from '../ui/services';
import { useAttributeDefinitions } from '../settings/attributesStore';
import { matchesKeys } from '../../../shared/shortcuts';
import { Dialog } from '../ui/Dialog';
import { AttributeInput } from './AttributeInput';
import type { FieldProps } from './fieldProps';
import { KEPT_COUNTRY, draftOf, prepareSave, type Draft, type TextField } from './contactDraft';
import { countryOptions, regionOf } from './countries';
import { useContactUi } from './contactUi';
import { LabelPicker } from './LabelPicker';
import { indexLookup } from './uniqueness';
import { ownValue } from '../../../shared/own';
import { isQuotaError } from '../data/api';

/** Drafts kept while the user looks at another contact; keyed by 'create' or the edited id. */
const keptDrafts = new Map<string, unknown>();

/** "New contact" and "Edit contact": every field the server knows, checked by the server's rules. */
export function ContactFormDialog() {
  const form = useContactUi((s) => s.form);
  if (!form) return null;
  return <ContactForm key={form.mode === 'edit' ? form.id : 'create'} />;
}

function ContactForm() {
  const { t, i18n } = useTranslation('contact');
  const { index, repository, hostInfo } = useServices();
  const form = useContactUi((s) => s.form)!;
  const openForm = useContactUi((s) => s.openForm);
  const openContact = useContactUi((s) => s.openContact);
  const definitions = useAttributeDefinitions((s) => s.definitions);
  const editing = form.mode === 'edit' ? index.get(form.id) : undefined;
  const defaultPhoneCountry = regionOf(hostInfo.locale) ?? 'US';
  const draftKey = form.mode === 'edit' ? form.id : 'create';
  const initial = useMemo(() => draftOf(editing, defaultPhoneCountry), [editing, defaultPhoneCountry]);
  // A draft left behind (the user went to look at a duplicate) comes back as it was typed.
  const [draft, setDraft] = useState<Draft>(() => (keptDrafts.get(draftKey) as Draft | undefined) ?? initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const { t: tc } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  // Chatwoot takes any E.164-shaped number; one libphonenumber does not know for its country is
  // saved as written, and said so while typing.
  const phoneWarning = useMemo(() => {
    const phone = normalizeText(draft.text.phone);
    if (phone === '') return undefined;
    const result = normalizePhone(phone, draft.phoneCountry);
    return result.ok && result.unverified ? ({ field: 'phone', code: 'phone-unverified' } as const) : undefined;
  }, [draft.text.phone, draft.phoneCountry]);

  const close = () => {
    keptDrafts.delete(draftKey);
    openForm(null);
  };
  const keepDraftAndLeave = () => keptDrafts.set(draftKey, draft);
  const requestClose = () => {
    if (dirty) setConfirmingDiscard(true);
    else close();
  };

  const errorFor = (field: string) => errors.find((error) => error.field === field);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    const result = prepareSave(draft, initial, editing, {
      defaultCountry: draft.phoneCountry,
      lookup: indexLookup(index),
      selfId: editing?.id,
      attributeDefinitions: definitions,
    });
    if (!result.ok) {
      setErrors(result.errors);
      // Move focus to the first problem, so keyboard and screen reader users land on it.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const fields = result.fields;
      const saved = editing ? await repository.contacts.update(editing.id, fields) : await repository.contacts.create(fields);
      close();
      openContact(saved.id);
    } catch (error) {
      // Shown here, where the save was asked for; the form and what was typed stay (issue 17).
      setSaveError(isQuotaError(error) ? tc('storage.quota') : tc('storage.saveFailed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setSaving(false);
    }
  };

  const field = (name: TextField, label: string, input: (props: FieldProps) => ReactNode) => (
    <Field key={name} name={name} label={label} error={errorFor(name)} onLeave={keepDraftAndLeave}>
      {(props) => input(props)}
    </Field>
  );
  const setText = (name: TextField, value: string) => setDraft((d) => ({ ...d, text: { ...d.text, [name]: value } }));
  const textInput = (name: TextField, type = 'text') => (props: FieldProps) => (
    <input {...props} type={type} value={draft.text[name]} onChange={(e) => setText(name, e.target.value)} />
  );

  return (
    <Dialog
      open
      onClose={requestClose}
      title={editing ? t('form.editTitle') : t('form.newTitle')}
      className="contact-form-dialog"
      footer={
        confirmingDiscard ? (
          <div className="confirm-row" role="alertdialog" aria-label={t('form.discardQuestion')}>
            <span>{t('form.discardQuestion')}</span>
            <button type="button" className="button" onClick={() => setConfirmingDiscard(false)}>
              {t('form.keepEditing')}
            </button>
            <button type="button" className="button danger" onClick={close}>
              {t('form.discard')}
            </button>
          </div>
        ) : (
          <>
            <span className="footer-hint">{t('form.submitHint', { keys: hostInfo.platform === 'mac' ? '⌘↵' : 'Ctrl+Enter' })}</span>
            <button type="button" className="button" onClick={requestClose}>
              {t('form.cancel')}
            </button>
            <button type="submit" form="contact-form" className="button primary" disabled={saving}>
              {t('form.submit')}
            </button>
          </>
        )
      }
    >
      <form
        id="contact-form"
        ref={formRef}
        className="contact-form"
        noValidate
        onSubmit={submit}
        onKeyDown={(event) => {
          if (matchesKeys(event.nativeEvent, '$mod+Enter', hostInfo.platform)) {
            event.preventDefault();
            void submit();
          }
        }}
      >
        {errorFor('contact') && (
          <p className="form-error" role="alert">
            {t(errorFor('contact')!.code, { ns: 'validation' })}
          </p>
        )}
        {saveError && (
          <p className="form-error" role="alert">
            {saveError}
          </p>
        )}
        <div className="contact-form-grid">
          {field('name', t('fields.name'), textInput('name'))}
          {field('email', t('fields.email'), textInput('email', 'email'))}
          <Field name="phone" label={t('fields.phone')} error={errorFor('phone')} warning={phoneWarning} onLeave={keepDraftAndLeave}>
            {(props) => (
              <div className="phone-input">
                <select
                  aria-label={t('fields.phoneCountry')}
                  value={draft.phoneCountry}
                  onChange={(e) => setDraft((d) => ({ ...d, phoneCountry: e.target.value }))}
                >
                  {countries.map((country) => (
                    <option key={country.code} value={country.code}>
                      {country.code} · {country.name}
                    </option>
                  ))}
                </select>
                <input {...props} type="tel" value={draft.text.phone} onChange={(e) => setText('phone', e.target.value)} />
              </div>
            )}
          </Field>
          {field('identifier', t('fields.identifier'), textInput('identifier'))}
          {field('company', t('fields.company'), textInput('company'))}
          {field('city', t('fields.city'), textInput('city'))}
          <Field name="countryCode" label={t('fields.country')} error={errorFor('countryCode')}>
            {(props) => (
              <select {...props} value={draft.countryCode} onChange={(e) => setDraft((d) => ({ ...d, countryCode: e.target.value }))}>
                <option value="">{t('form.noCountry')}</option>
                {draft.countryCode === KEPT_COUNTRY || initial.countryCode === KEPT_COUNTRY ? (
                  <option value={KEPT_COUNTRY}>{t('countryField.keptText', { country: editing?.country ?? '' })}</option>
                ) : null}
                {countries.map((country) => (
                  <option key={country.code} value={country.code}>
                    {country.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {field('description', t('fields.description'), (props) => (
          <textarea {...props} rows={3} value={draft.text.description} onChange={(e) => setText('description', e.target.value)} />
        ))}
        <Field name="labels" label={t('fields.labels')} error={errors.find((error) => error.field === 'labels')}>
          {(props) => (
            <LabelPicker
              inputProps={props}
              labels={draft.labels}
              onChange={(labels) => setDraft((d) => ({ ...d, labels }))}
            />
          )}
        </Field>
        <fieldset className="form-section">
          <legend>{t('form.socialProfiles')}</legend>
          <div className="contact-form-grid">
            {SOCIAL_NETWORKS.map((network) => (
              <Field key={network} name={`socialProfiles.${network}`} label={t(`social.${network}`)} error={errorFor(`socialProfiles.${network}`)}>
                {(props) => (
                  <input
                    {...props}
                    value={draft.social[network] ?? ''}
                    onChange={(e) => setDraft((d) => ({ ...d, social: { ...d.social, [network]: e.target.value } }))}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
        {definitions.length > 0 && (
          <fieldset className="form-section">
            <legend>{t('form.customAttributes')}</legend>
            <div className="contact-form-grid">
              {definitions.map((definition) => (
                <Field
                  key={definition.key}
                  name={`customAttributes.${definition.key}`}
                  label={definition.displayName}
                  error={errorFor(`customAttributes.${definition.key}`)}
                >
                  {(props) => (
                    <AttributeInput
                      inputProps={props}
                      definition={definition}
                      value={ownValue(draft.attributes, definition.key) ?? ''}
                      onChange={(value) => setDraft((d) => ({ ...d, attributes: { ...d.attributes, [definition.key]: value } }))}
                    />
                  )}
                </Field>
              ))}
            </div>
          </fieldset>
        )}
      </form>
    </Dialog>
  );
}

/** A labelled field with its problem right beside it, in the user's language. */
function Field(props: {
  name: string;
  label: string;
  error?: FieldError;
  /** A value kept as typed that deserves a look; shown when there is no error. */
  warning?: FieldError;
  /** Called before following the link to a duplicate, so the typed draft is kept. */
  onLeave?: () => void;
  children: (props: FieldProps) => ReactNode;
}) {
  const { t } = useTranslation('contact');
  const id = useId();
  const errorId = `${id}-error`;
  const warningId = `${id}-warning`;
  const { error } = props;
  const warning = error ? undefined : props.warning;
  const openContact = useContactUi((s) => s.openContact);
  const openForm = useContactUi((s) => s.openForm);
  const otherId = typeof error?.params?.id === 'string' ? error.params.id : null;
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({
        id,
        name: props.name,
        'aria-invalid': Boolean(error),
        'aria-describedby': error ? errorId : warning ? warningId : undefined,
      })}
      {warning && (
        <p className="field-warning" id={warningId} role="status">
          {t(warning.code, { ns: 'validation', ...warning.params })}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {t(error.code, { ns: 'validation', ...error.params })}
          {otherId && (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  props.onLeave?.();
                  openForm(null);
                  openContact(otherId);
                }}
              >
                {t('form.showOther', { name: error.params?.name })}
              </button>
            </>
          )}
        </p>
      )}
    </div>
  );
}

