import type { CustomCellRendererProps } from 'ag-grid-react';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contact';
import { formatExactDate, formatRelativeDate } from '../ui/time';
import { useLabelColors } from './labelColors';

/*
 * Cell renderers. Everything from contact data goes through React text nodes (never innerHTML),
 * so a name like `<img src=x onerror=alert(1)>` shows as those characters and runs nothing.
 */

export function DateCell(props: CustomCellRendererProps<Contact, number | null>) {
  const { t, i18n } = useTranslation();
  const value = props.value;
  if (value === null || value === undefined) return <span className="cell-muted">{t('contacts.never')}</span>;
  return (
    <time dateTime={new Date(value).toISOString()} title={formatExactDate(value, i18n.language)}>
      {formatRelativeDate(value, Date.now(), i18n.language)}
    </time>
  );
}

/** E.164 as people write it: +34612345678 → +34 612 34 56 78. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

export function PhoneCell(props: CustomCellRendererProps<Contact, string | null>) {
  if (!props.value) return null;
  return <span className="cell-phone">{formatPhone(props.value)}</span>;
}

const countryNames = new Map<string, Intl.DisplayNames>();

export function countryName(contact: Pick<Contact, 'country' | 'countryCode'>, locale: string): string {
  if (contact.country) return contact.country;
  if (!contact.countryCode) return '';
  let names = countryNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region' });
    countryNames.set(locale, names);
  }
  try {
    return names.of(contact.countryCode) ?? contact.countryCode;
  } catch {
    return contact.countryCode;
  }
}

export function CountryCell(props: CustomCellRendererProps<Contact>) {
  const { i18n } = useTranslation();
  if (!props.data) return null;
  return <span>{countryName(props.data, i18n.language)}</span>;
}

export function LabelsCell(props: CustomCellRendererProps<Contact, string[]>) {
  const colors = useLabelColors();
  const labels = props.value ?? [];
  return (
    <span className="label-chips">
      {labels.map((label) => (
        <span key={label} className="label-chip">
          <span className="label-dot" style={{ backgroundColor: colors.get(label) ?? '#9aa5b1' }} aria-hidden="true" />
          {label}
        </span>
      ))}
    </span>
  );
}
