import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { dropCsv, openWithContacts, waitForApp } from './fixtures';

/**
 * The chosen language everywhere (issue 19): numbers in the UI language even when the system's
 * differs, and an import's error report in the file's delimiter with its header translated.
 */

test.describe('an English system with the app in Spanish', () => {
  test.use({ locale: 'en-US' });

  test('the sidebar counts in Spanish digits', async ({ page }) => {
    // Spanish groups thousands only from five digits (CLDR), so 10 000 tells the two apart.
    const many = Array.from({ length: 10_000 }, (_, index) => ({ name: `Persona ${index}`, labels: ['vip'] }));
    await openWithContacts(page, many, [{ title: 'vip', color: '#e5484d' }]);
    const sidebar = page.getByRole('navigation', { name: 'Contacts' });
    await expect(sidebar.getByRole('button', { name: /^All contacts/ })).toContainText('10,000');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('combobox', { name: 'Language' }).selectOption('es');
    await page.getByRole('button', { name: 'Hecho' }).click();
    const nav = page.getByRole('navigation', { name: 'Contactos' });
    await expect(nav.getByRole('button', { name: /^Todos los contactos/ })).toContainText('10.000');
    await expect(nav.getByRole('button', { name: /^vip, / })).toContainText('10.000');
    await expect(nav.getByRole('button', { name: /^vip, / })).toHaveAccessibleName('vip, 10.000 contactos');
  });
});

test.describe('Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('the error report of a “;” file is written with “;” and an “errores” column', async ({ page }) => {
    await openWithContacts(page, []);
    await waitForApp(page);
    const csv = 'nombre;email;phone_number\nDora Vidal;dora@example.com;+34611111111\nEva Sanz;no-es-un-correo;\n';
    await dropCsv(page, 'personas.csv', csv);
    const dialog = page.getByRole('dialog', { name: 'Importar «personas.csv»' });
    await expect(dialog.getByLabel('Separador')).toHaveValue(';');
    await dialog.getByRole('button', { name: 'Vista previa' }).click();
    await expect(dialog.getByLabel('Lo que hará la importación')).toBeVisible();
    await dialog.getByRole('button', { name: 'Empezar a importar' }).click();
    const report = page.getByRole('dialog', { name: 'Importación de «personas.csv»' });
    await expect(report.getByLabel('Lo que hizo la importación')).toBeVisible({ timeout: 30_000 });
    const download = page.waitForEvent('download');
    await report.getByRole('button', { name: 'Descargar informe de errores' }).click();
    const lines = readFileSync(await (await download).path(), 'utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\ufeffnombre;email;phone_number;errores');
    expect(lines[1]?.startsWith('Eva Sanz;no-es-un-correo;;')).toBe(true);
    expect(lines).toHaveLength(2);
  });
});
