import { countryCodes } from '../../../shared/validation';

const cache = new Map<string, { code: string; name: string }[]>();

/** Every ISO country with its name in the UI language, sorted the way people read them. */
export function countryOptions(language: string): { code: string; name: string }[] {
  let options = cache.get(language);
  if (!options) {
    const names = new Intl.DisplayNames([language], { type: 'region' });
    const collator = new Intl.Collator(language);
    options = countryCodes()
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => collator.compare(a.name, b.name));
    cache.set(language, options);
  }
  return options;
}

/** The region of a locale tag ("es-ES" → "ES"), for the phone country picker's default. */
export function regionOf(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).maximize().region;
  } catch {
    return undefined;
  }
}
