import { RepositoryError } from '../data/api';
import { settingsError, validationError, type FieldError } from './fieldError';

/** What a failed label save says under its field: taken, gone, invalid, or the storage's own message. */
export function repositoryFieldError(error: unknown, title: string): FieldError {
  if (error instanceof RepositoryError) {
    switch (error.code) {
      case 'duplicate':
        return settingsError('label-taken', { title });
      case 'not-found':
        return settingsError('label-gone');
      case 'invalid':
        return validationError('label-invalid', { label: title });
    }
  }
  return settingsError('save-failed', { message: error instanceof Error ? error.message : String(error) });
}
