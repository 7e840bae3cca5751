import { useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SOCIAL_NETWORKS, type Contact, type ContactFields } from '../../../shared/contact';
import { normalizePhone, normalizeText, validateContactFields, type ContactInput, type FieldError } from '../../../shared/validation';
import { contactCountryCode } from '../../../shared/countries';
import { useServices } from '../app/services';
import { useAttributeDefinitions } from '../settings/attributesStore';
import { matchesKeys } from '../../../shared/shortcuts';
import { Dialog } from '../ui/Dialog';
import { AttributeInput, attributeInputValue } from './AttributeInput';
import { countryOptions, regionOf } from './countries';
import { useContactUi } from './contactUi';
import { LabelPicker } from './LabelPicker';
import { indexLookup } from './uniqueness';

/** Drafts kept while the user looks at another contact; keyed by 'create' or the edited id. */
const keptDrafts = new Map<string, unknown>();

type TextField = 'name' | 'email' | 'phone' | 'identifier' | 'company' | 'city' | 'description';
const TEXT_FIELDS: TextField[] = ['name', 'email', 'phone', 'identifier', 'company', 'city', 'description'];

/** The country select's value for a country the contact keeps as text (no ISO code is a word). */
const KEPT_COUNTRY = 'kept-text';

interface Draft {
  text: Record<TextField, string>;
  /** An ISO code, '' for none, or `KEPT_COUNTRY` for the text the contact keeps. */
  countryCode: string;
  phoneCountry: string;
  social: Record<string, string>;
  labels: string[];
  attributes: Record<string, string>;
}

function draftOf(contact: Contact | undefined, defaultPhoneCountry: string): Draft {
  const text = Object.fromEntries(TEXT_FIELDS.map((field) => [field, contact?.[field] ?? ''])) as Record<TextField, string>;
  return {
    text,
    countryCode: contact ? (contactCountryCode(contact) ?? (contact.country ? KEPT_COUNTRY : '')) : '',
    phoneCountry: defaultPhoneCountry,
    social: Object.fromEntries(SOCIAL_NETWORKS.map((network) => [network, contact?.socialProfiles[network] ?? ''])),
    labels: contact?.labels ?? [],
    attributes: Object.fromEntries(
      Object.entries(contact?.customAttributes ?? {}).map(([key, value]) => [key, attributeInputValue(value)]),
    ),
  };
}

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
    const customAttributes: Record<string, string> = {};
    for (const definition of definitions) {
      const raw = draft.attributes[definition.key];
      if (raw !== undefined && raw !== '') customAttributes[definition.key] = raw;
    }
    const input: ContactInput = {
      ...draft.text,
      // A picked code; the name beside it is the model's (English), never the UI language's.
      countryCode: draft.countryCode === KEPT_COUNTRY ? null : draft.countryCode || null,
      country: draft.countryCode === KEPT_COUNTRY ? (editing?.country ?? null) : null,
      socialProfiles: draft.social,
      labels: draft.labels,
      customAttributes,
      blocked: editing?.blocked ?? false,
    };
    const context = {
      defaultCountry: draft.phoneCountry,
      lookup: indexLookup(index),
      selfId: editing?.id,
      attributeDefinitions: definitions,
    };
    // A field the user did not touch keeps its stored value: a value today's rules would write
    // differently, refuse, or find shared with another contact neither blocks the save nor changes.
    const untouched = editing ? untouchedFields(draft, initial) : new Set<string>();
    let result = validateContactFields(input, context);
    if (!result.ok && result.errors.every((error) => untouched.has(error.field))) {
      result = validateContactFields(withoutFields(input, result.errors), context);
    }
    if (!result.ok) {
      setErrors(result.errors.filter((error) => !untouched.has(error.field)));
      // Move focus to the first problem, so keyboard and screen reader users land on it.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSaving(true);
    try {
      const fields: ContactFields = result.value;
      if (editing) keepUntouched(fields, editing, untouched);
      // Keep attributes this form does not show (no definition yet) as they were.
      if (editing) {
        const kept = Object.fromEntries(
          Object.entries(editing.customAttributes).filter(([key]) => !definitions.some((d) => d.key === key)),
        );
        fields.customAttributes = { ...kept, ...fields.customAttributes };
      }
      const saved = editing ? await repository.contacts.update(editing.id, fields) : await repository.contacts.create(fields);
      close();
      openContact(saved.id);
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
                      value={draft.attributes[definition.key] ?? ''}
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

/** The form's fields (as validation names them) whose input is as it was when the form opened. */
function untouchedFields(draft: Draft, initial: Draft): Set<string> {
  const same = new Set<string>();
  for (const field of TEXT_FIELDS) if (draft.text[field] === initial.text[field]) same.add(field);
  if (draft.countryCode === initial.countryCode) {
    same.add('country');
    same.add('countryCode');
  }
  if (JSON.stringify(draft.labels) === JSON.stringify(initial.labels)) same.add('labels');
  for (const network of SOCIAL_NETWORKS)
    if (draft.social[network] === initial.social[network]) same.add(`socialProfiles.${network}`);
  for (const [key, value] of Object.entries(draft.attributes))
    if (initial.attributes[key] === value) same.add(`customAttributes.${key}`);
  return same;
}

/** Puts back the stored value of every untouched field. */
function keepUntouched(fields: ContactFields, stored: Contact, untouched: ReadonlySet<string>): void {
  for (const field of [...TEXT_FIELDS, 'country', 'countryCode', 'labels'] as const)
    if (untouched.has(field)) (fields as unknown as Record<string, unknown>)[field] = stored[field];
  const social = { ...fields.socialProfiles };
  for (const network of SOCIAL_NETWORKS) {
    if (!untouched.has(`socialProfiles.${network}`)) continue;
    const value = stored.socialProfiles[network];
    if (value === undefined) delete social[network];
    else social[network] = value;
  }
  fields.socialProfiles = social;
  for (const [key, value] of Object.entries(stored.customAttributes))
    if (untouched.has(`customAttributes.${key}`)) fields.customAttributes[key] = value;
}

/** The input without the fields named by `errors` (untouched ones, put back afterwards by `keepUntouched`). */
function withoutFields(input: ContactInput, errors: readonly FieldError[]): ContactInput {
  const out = { ...input, socialProfiles: { ...input.socialProfiles }, customAttributes: { ...input.customAttributes } };
  for (const { field } of errors) {
    if (field.startsWith('socialProfiles.')) delete out.socialProfiles[field.slice('socialProfiles.'.length)];
    else if (field.startsWith('customAttributes.')) delete out.customAttributes[field.slice('customAttributes.'.length)];
    else if (field !== 'contact') (out as Record<string, unknown>)[field] = null;
  }
  return out;
}

export interface FieldProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
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

