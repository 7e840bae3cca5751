import { describe, expect, it } from 'vitest';
import { resolveLanguage } from './language';

describe('resolveLanguage', () => {
  it('follows the setting, else the system locale, else English', () => {
    expect(resolveLanguage('es', 'en-US')).toBe('es');
    expect(resolveLanguage('system', 'es-MX')).toBe('es');
    expect(resolveLanguage(undefined, 'es_ES')).toBe('es');
    expect(resolveLanguage('system', 'fr-FR')).toBe('en');
    expect(resolveLanguage('system', '')).toBe('en');
    expect(resolveLanguage('en', 'es-ES')).toBe('en');
  });
});
