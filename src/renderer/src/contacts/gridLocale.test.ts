import { describe, expect, it } from 'vitest';
import enCommon from '../i18n/locales/en/common.json';
import esCommon from '../i18n/locales/es/common.json';
import { gridLocaleText } from './gridLocale';

/** Spanish addressing the user as usted (the app says tú, as Chatwoot's Spanish UI does). */
const USTED = /\b(Presione|Pulse|Haga|Seleccione|Escriba|Introduzca|Elija|Utilice|Use|Intente|Compruebe|Verifique|Ingrese|Arrastre|Suelte)\b/;

describe('AG Grid texts', () => {
  it('speak Spanish with tú, never usted, and name keys as printed on Spanish keyboards', () => {
    const text = gridLocaleText('es', esCommon.agGridLocale);
    const usted = Object.entries(text).filter(([, value]) => USTED.test(value));
    expect(usted).toEqual([]);
    expect(text.ariaSortableColumn).toBe('Pulsa Intro para ordenar');
    expect(text.ariaRowSelectAll).toContain('Espacio');
  });

  it('cover every key AG Grid has, in both languages', () => {
    const en = gridLocaleText('en', enCommon.agGridLocale);
    const es = gridLocaleText('es', esCommon.agGridLocale);
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    expect(en.ariaSortableColumn).toBe('Press Enter to sort');
  });

  it('fall back to English for a language AG Grid is not given', () => {
    expect(gridLocaleText('fr', {}).noRowsToShow).toBe(gridLocaleText('en', {}).noRowsToShow);
  });
});
