import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const localesDir = join(import.meta.dirname, '../../src/renderer/src/i18n/locales');

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

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
});

