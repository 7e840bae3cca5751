import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';

const localesDir = join(import.meta.dirname, '../../src/renderer/src/i18n/locales');

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

/**
 * Imperatives and clitics of usted found in the app's Spanish before issue 19 ("Conéctese",
 * "Pulse", "Inténtelo") and their usual neighbours; the app says tú, as Chatwoot's Spanish UI does.
 */
const USTED =
  /(?<!\p{L})(usted|Pulse|Presione|Haga|Seleccione|Escriba|Introduzca|Elija|Utilice|Use|Intente|Inténtelo|Compruebe|Verifique|Ingrese|Arrastre|Suelte|Corrija|Conéctese|Sincronice|Edítelo|Agréguelas|Revise|Asegúrese|Vuelva|Espere|Agregue|Añada|Envíe|Borre|Guarde)(?!\p{L})/iu;

function pluralBase(key: string): string {
  return key.replace(/_(zero|one|two|few|many|other)$/, '');
}

describe('translations', () => {
  const namespaces = readdirSync(join(localesDir, 'en')).filter((file) => file.endsWith('.json'));

  it('has Spanish for every English namespace', () => {
    expect(namespaces.length).toBeGreaterThan(0);
    expect(readdirSync(join(localesDir, 'es')).sort()).toEqual(readdirSync(join(localesDir, 'en')).sort());
  });

  it.each(namespaces)('%s has the same keys in English and Spanish', (file) => {
    const en = JSON.parse(readFileSync(join(localesDir, 'en', file), 'utf8'));
    const es = JSON.parse(readFileSync(join(localesDir, 'es', file), 'utf8'));
    expect(new Set(keys(es).map(pluralBase))).toEqual(new Set(keys(en).map(pluralBase)));
    const empty = keys(es).filter((key) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], es) === '');
    expect(empty).toEqual([]);
  });

  /**
   * i18next picks the form `Intl.PluralRules(lang)` names; a missing one falls back to English, so
   * "1.000.000 contactos" (Spanish `many` in current ICU) read "1,000,000 contacts" (issue 19).
   */
  it.each(['en', 'es'].flatMap((lang) => namespaces.map((file) => [lang, file] as const)))(
    '%s %s has every plural form the language needs',
    (lang, file) => {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const present = new Set(keys(JSON.parse(readFileSync(join(localesDir, lang, file), 'utf8'))));
      const bases = new Set([...present].filter((key) => pluralBase(key) !== key).map(pluralBase));
      const missing = [...bases].flatMap((base) => categories.filter((category) => !present.has(`${base}_${category}`)).map((category) => `${base}_${category}`));
      expect(missing).toEqual([]);
    },
  );

  it.each(namespaces)('es %s addresses the user as tú, never usted', (file) => {
    const es = JSON.parse(readFileSync(join(localesDir, 'es', file), 'utf8'));
    const texts = keys(es).map((key) => [key, String(key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], es))] as const);
    expect(texts.filter(([, text]) => USTED.test(text))).toEqual([]);
  });

  it('counts a million contacts in Spanish, with Spanish digits, not in English', async () => {
    const read = (lang: string) => JSON.parse(readFileSync(join(localesDir, lang, 'common.json'), 'utf8')) as Record<string, unknown>;
    const instance = i18next.createInstance();
    await instance.init({
      lng: 'es',
      fallbackLng: 'en',
      resources: { es: { common: read('es') }, en: { common: read('en') } },
      defaultNS: 'common',
      interpolation: { escapeValue: false },
    });
    expect(instance.t('contacts.count', { count: 1_000_000 })).toBe('1.000.000 contactos');
    expect(instance.t('contacts.count', { count: 1 })).toBe('1 contacto');
    expect(instance.t('contacts.count', { count: 2_500 })).toBe('2500 contactos');
  });
});
