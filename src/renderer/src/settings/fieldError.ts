import type { ValidationCode, ValidationParams } from '../../../shared/validation';

/** Problems only the settings screen reports; their messages are `errors.<code>` in the `settings` namespace. */
export type SettingsErrorCode =
  | 'label-required'
  | 'label-taken'
  | 'label-gone'
  | 'name-required'
  | 'name-taken'
  | 'key-required'
  | 'key-taken'
  | 'type-invalid'
  | 'list-values-required'
  | 'list-value-duplicate'
  | 'attribute-gone'
  | 'save-failed';

/**
 * One problem with one field, shown beside it in the user's language: shared validation codes
 * keep their messages in the `validation` namespace, the settings screen's own in `settings`.
 */
export type FieldError =
  | { ns: 'validation'; code: ValidationCode; params?: ValidationParams }
  | { ns: 'settings'; code: SettingsErrorCode; params?: ValidationParams };

export function validationError(code: ValidationCode, params?: ValidationParams): FieldError {
  return params ? { ns: 'validation', code, params } : { ns: 'validation', code };
}

export function settingsError(code: SettingsErrorCode, params?: ValidationParams): FieldError {
  return params ? { ns: 'settings', code, params } : { ns: 'settings', code };
}
