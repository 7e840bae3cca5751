/**
 * Every error code validation can report. The UI shows each one beside its field through the
 * `validation` i18n namespace (`src/renderer/src/i18n/locales/<language>/validation.json`), one
 * message per code; a test keeps the two lists equal.
 */
export const VALIDATION_CODES = [
  'required-one-of',
  'too-long',
  'value-invalid',
  'email-invalid',
  'email-non-ascii',
  'email-taken',
  'phone-invalid',
  'phone-letters',
  'phone-too-short',
  'phone-too-long',
  'phone-needs-country',
  'phone-taken',
  'identifier-taken',
  'country-invalid',
  'country-unknown',
  'phone-unverified',
  'url-invalid',
  'handle-invalid',
  'social-network-unknown',
  'label-invalid',
  'attribute-key-reserved',
  'attribute-key-invalid',
  'number-invalid',
  'date-invalid',
  'list-invalid',
  'checkbox-invalid',
] as const;

export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** Values interpolated into the message (`{{max}}`, `{{name}}`…); a `*-taken` error also carries the other contact's `id` for the link. */
export type ValidationParams = Record<string, string | number>;
