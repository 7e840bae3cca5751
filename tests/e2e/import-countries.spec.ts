import { expect, test, type Locator, type Page } from '@playwright/test';
import { columnTexts, storedRecords, waitForApp } from './fixtures';
import { startServer, stopAllServers, type Server } from './server';

/**
 * Countries as first-class data (issue 16 item 1) and phones Chatwoot accepts (item 7), through the
 * web build against the project's real server: a Windows-1252, ";"-separated Spanish spreadsheet
 * with País in Spanish, English and ISO forms, one unknown country and a drama-range UK number.
 */

let server: Server | null = null;

test.beforeAll(async () => {
  // Starting a server costs 5–25 s on this shared machine (tsx, PGlite, migrations).
  test.setTimeout(120_000);
  server = await startServer();
});

test.afterAll(async () => {
  await stopAllServers();
});

const FILE = [
  'Nombre;Correo;Teléfono;País;Etiquetas',
  'José Núñez;jose@ejemplo.test;+34 612 345 001;España;vip,madrid',
  'María Pérez;maria@ejemplo.test;612 345 002;Spain;lead',
  'Ángel Ruiz;angel@ejemplo.test;+447700900123;ES;vip',
  'Lucía Gómez;lucia@ejemplo.test;;Perú;lead',
  'Iñaki Ortiz;inaki@ejemplo.test;;EE. UU.;',
  'Zoë Brown;zoe@ejemplo.test;;Reino Unido;',
  'Nuño Díaz;nuno@ejemplo.test;;Españia;vip',
].join('\r\n');

interface RemoteContact {
  email: string | null;
  phone_number: string | null;
  additional_attributes: Record<string, unknown>;
}

async function remoteFind(target: Server, email: string): Promise<RemoteContact | null> {
  const response = await fetch(`${target.url}/api/v1/accounts/1/contacts/search?q=${encodeURIComponent(email)}`, {
    headers: { api_access_token: target.token },
  });
  if (response.status !== 200) return null;
  const body = (await response.json()) as { payload: RemoteContact[] };
  return body.payload.find((contact) => contact.email === email) ?? null;
}

/** Drops a file's bytes on the window the way the OS does: dragenter, dragover, drop. */
async function dropBytes(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, bytes }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'text/csv' }));
      return transfer;
    },
    { name, bytes: [...bytes] },
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
}

function builder(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Filter contacts' });
}

const count = (page: Page, text: RegExp) => page.getByRole('status').filter({ hasText: text });

/** Filters by Country equal to the options picked (by their names in the picker). */
async function filterCountry(page: Page, options: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  const row = builder(page).getByRole('group', { name: 'Condition 1', exact: true });
  await row.getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Country' });
  await row.getByRole('button', { name: /^Value:/ }).click();
  const group = row.getByRole('group', { name: 'Value' });
  for (const option of options) {
    await group.getByRole('searchbox', { name: 'Search' }).fill(option);
    await group.getByRole('checkbox', { name: option, exact: true }).check();
  }
  await page.keyboard.press('Escape');
  await builder(page).getByRole('button', { name: 'Submit' }).click();
  await expect(builder(page)).toBeHidden();
}

test('imports País in any language as ISO codes, filters by them, and an edit keeps the country here and on the server', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const target = server!;
  await page.goto('/');
  await page.evaluate(
    (connection) => localStorage.setItem('wintook:server-connection', JSON.stringify(connection)),
    { origin: target.url, accountId: 1, token: target.token },
  );
  await page.reload();
  await waitForApp(page);

  await dropBytes(page, 'clientes.csv', Buffer.from(FILE, 'latin1'));
  const dialog = page.getByRole('dialog', { name: 'Import “clientes.csv”' });
  await expect(dialog.getByLabel('Encoding')).toHaveValue('windows-1252');
  await expect(dialog.getByLabel('Separator')).toHaveValue(';');
  await expect(dialog.getByLabel('Import “País” as')).toHaveValue('field:country');
  await dialog.getByLabel('Country for phone numbers without prefix').selectOption({ label: 'Spain' });
  await dialog.getByRole('button', { name: 'Preview import' }).click();

  const preview = dialog.getByRole('table', { name: /./ });
  await expect(dialog.getByLabel('What the import will do')).toBeVisible();
  const row = (name: string) => preview.getByRole('row').filter({ hasText: name });
  // Names in the UI language from the code, whatever the file said.
  await expect(row('José Núñez')).toContainText('Spain');
  await expect(row('Lucía Gómez')).toContainText('Peru');
  await expect(row('Iñaki Ortiz')).toContainText('United States');
  await expect(row('Zoë Brown')).toContainText('United Kingdom');
  await expect(row('Nuño Díaz')).toContainText('Country: “Españia” is not a known country — kept as text.');
  // Shown as the list will show it; stored as written (+447700900123, checked after the import).
  await expect(row('Ángel Ruiz')).toContainText('+44 7700 900123');
  await expect(row('Ángel Ruiz')).toContainText('Phone number: Not a valid number for its country — kept as written; check it.');
  await page.screenshot({ path: testInfo.outputPath('import-countries-preview.png') });

  await dialog.getByRole('button', { name: 'Start import' }).click();
  const report = page.getByRole('dialog', { name: 'Import of “clientes.csv”' });
  await expect(report.getByLabel('What the import did')).toBeVisible({ timeout: 30_000 });
  await report.getByRole('button', { name: 'Done' }).click();
  await expect(count(page, /^7 contacts$/)).toBeVisible();

  const stored = await storedRecords<{ name: string; country: string | null; countryCode: string | null; phone: string | null }>(page, 'contacts');
  const byName = new Map(stored.map((contact) => [contact.name, contact]));
  expect(byName.get('José Núñez')).toMatchObject({ country: 'Spain', countryCode: 'ES', phone: '+34612345001' });
  expect(byName.get('María Pérez')).toMatchObject({ countryCode: 'ES', phone: '+34612345002' });
  expect(byName.get('Ángel Ruiz')).toMatchObject({ countryCode: 'ES', phone: '+447700900123' });
  expect(byName.get('Iñaki Ortiz')).toMatchObject({ country: 'United States', countryCode: 'US' });
  expect(byName.get('Nuño Díaz')).toMatchObject({ country: 'Españia', countryCode: null });

  // The English UI shows "Spain", not the "España" the file had.
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('José');
  await expect(count(page, /^1 contact$/)).toBeVisible();
  await expect.poll(() => columnTexts(page, 'country')).toEqual(['Spain']);
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('');

  await filterCountry(page, ['Spain']);
  await expect(count(page, /^3 of 7 contacts$/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('import-countries-filter.png') });
  await page.getByRole('region', { name: 'Applied filter' }).getByRole('button', { name: 'Clear filters' }).click();
  await expect(count(page, /^7 contacts$/)).toBeVisible();
  // A country kept as text is offered, and finds its contact.
  await filterCountry(page, ['Españia']);
  await expect(count(page, /^1 of 7 contacts$/)).toBeVisible();
  await expect.poll(() => columnTexts(page, 'name')).toEqual(['Nuño Díaz']);
  await page.getByRole('region', { name: 'Applied filter' }).getByRole('button', { name: 'Clear filters' }).click();

  // The server has every imported contact with its code before the edit.
  await expect.poll(async () => (await remoteFind(target, 'jose@ejemplo.test'))?.additional_attributes.country_code, { timeout: 30_000 }).toBe('ES');

  // Editing the city keeps the country the form did not touch, locally and on the server.
  await page.getByRole('button', { name: 'José Núñez' }).click();
  await page.getByRole('complementary', { name: 'Contact details' }).getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('dialog', { name: 'Edit contact' });
  await expect(form.getByLabel('Country', { exact: true })).toHaveValue('ES');
  await form.getByLabel('City', { exact: true }).fill('Sevilla');
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form).toBeHidden();
  await expect
    .poll(async () => (await storedRecords<{ name: string; city: string | null; countryCode: string | null }>(page, 'contacts')).find((c) => c.name === 'José Núñez'))
    .toMatchObject({ city: 'Sevilla', countryCode: 'ES' });
  await expect
    .poll(async () => (await remoteFind(target, 'jose@ejemplo.test'))?.additional_attributes, { timeout: 30_000 })
    .toMatchObject({ city: 'Sevilla', country: 'Spain', country_code: 'ES' });

  // A contact with a country kept as text keeps it too.
  await page.getByRole('button', { name: 'Nuño Díaz' }).click();
  await page.getByRole('complementary', { name: 'Contact details' }).getByRole('button', { name: 'Edit' }).click();
  await expect(form.getByLabel('Country', { exact: true })).toHaveValue('kept-text');
  await expect(form.getByLabel('Country', { exact: true }).locator('option:checked')).toHaveText('Españia (not a known country, kept as text)');
  await form.getByLabel('City', { exact: true }).fill('León');
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form).toBeHidden();
  await expect
    .poll(async () => (await remoteFind(target, 'nuno@ejemplo.test'))?.additional_attributes, { timeout: 30_000 })
    .toMatchObject({ city: 'León', country: 'Españia' });

  // A phone Chatwoot accepts but libphonenumber does not know is shown with a warning, not refused.
  await page.getByRole('button', { name: 'Ángel Ruiz' }).click();
  await page.getByRole('complementary', { name: 'Contact details' }).getByRole('button', { name: 'Edit' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Not a valid number for its country — kept as written; check it.' })).toBeVisible();
  await expect(form.getByLabel('Phone number', { exact: true })).toHaveAccessibleDescription('Not a valid number for its country — kept as written; check it.');
  await form.screenshot({ path: testInfo.outputPath('import-countries-form.png') });
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form).toBeHidden();
});
