import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { gridRows, openWithContacts } from './fixtures';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/chatwoot/import-contacts-sample.csv');

/** Drops a file on the window the way the OS does: dragenter, dragover, drop with a DataTransfer. */
async function dropFile(page: Page, name: string, content: string, type = 'text/csv'): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, content, type }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], name, { type }));
      return transfer;
    },
    { name, content, type },
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await expect(page.getByText('Drop the file to import')).toBeVisible();
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(page.getByText('Drop the file to import')).toBeHidden();
}

test('imports Chatwoot’s sample by drag-and-drop without sharing a phone, undoes it, exports', async ({ page }, testInfo) => {
  await openWithContacts(page, []);
  await dropFile(page, 'import-contacts-sample.csv', readFileSync(SAMPLE, 'utf8'));

  const dialog = page.getByRole('dialog', { name: 'Import “import-contacts-sample.csv”' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Encoding')).toHaveValue('utf-8');
  await expect(dialog.getByLabel('Separator')).toHaveValue(',');
  // Chatwoot's headers map themselves; unknown ones (id, ip_address…) are ignored, not custom attributes.
  await expect(dialog.getByLabel('Import “email” as')).toHaveValue('field:email');
  await expect(dialog.getByLabel('Import “phone_number” as')).toHaveValue('field:phone');
  await expect(dialog.getByLabel('Import “identifier” as')).toHaveValue('field:identifier');
  await expect(dialog.getByLabel('Import “ip_address” as')).toHaveValue('ignore');
  await expect(dialog.getByLabel('Import “id” as')).toHaveValue('ignore');
  await page.screenshot({ path: testInfo.outputPath('import-map.png') });

  await dialog.getByRole('button', { name: 'Preview import' }).click();
  const totals = dialog.getByRole('definition');
  await expect(dialog.getByLabel('What the import will do')).toBeVisible();
  await expect(totals.nth(1)).toHaveText('25'); // will create
  await expect(totals.nth(6)).toHaveText('22'); // with a value left out
  await expect(dialog.getByText('Imported without the Phone number: This phone number already belongs to Nancey Windibank (line 4).').first()).toBeVisible();
  // Phones as the list and the panel will show them, not as stored (+498963648018).
  const preview = dialog.getByRole('table', { name: 'Rows as they will be stored' });
  await expect(preview.getByRole('row').filter({ hasText: 'Clarice Uzzell' })).toContainText('+49 89 63648018');
  await page.screenshot({ path: testInfo.outputPath('import-preview.png') });

  await dialog.getByRole('button', { name: 'Start import' }).click();
  const report = page.getByRole('dialog', { name: 'Import of “import-contacts-sample.csv”' });
  await expect(report.getByLabel('What the import did')).toBeVisible({ timeout: 30_000 });
  await expect(report.getByText(/22 rows were imported with a value to look at: an email or phone number that already belongs to another contact is left out/)).toBeVisible();
  await expect(report.getByText('Phone number +15417543011 belongs to Nancey Windibank (line 4): left out of 22 rows.')).toBeVisible();
  // The list behind the report already counts what the report says was created.
  await expect(page.getByRole('status').filter({ hasText: '25 contacts' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('import-report.png') });

  const download = page.waitForEvent('download');
  await report.getByRole('button', { name: 'Download error report' }).click();
  const errors = readFileSync(await (await download).path(), 'utf8');
  expect(errors.startsWith('\ufeffid,name,email,identifier,phone_number,ip_address,custom_attribute_1,custom_attribute_2,errors\r\n')).toBe(true);
  expect(errors.split('\r\n').filter(Boolean)).toHaveLength(23);

  await report.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('status').filter({ hasText: '25 contacts' })).toBeVisible();
  // One contact holds the shared number, not 23.
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('+15417543011');
  await expect(page.getByRole('status').filter({ hasText: /^1 contact$/ })).toBeVisible();
  // Export writes what is listed: here the search's one contact.
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('Clarice');
  await expect(page.getByRole('status').filter({ hasText: /^1 contact$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Export' }).click();
  const one = page.waitForEvent('download');
  await page.getByRole('dialog', { name: 'Export contacts' }).getByRole('button', { name: 'Export 1 contact' }).click();
  expect(readFileSync(await (await one).path(), 'utf8').split('\r\n').filter(Boolean)).toEqual([
    '\ufeffname,email,identifier,phone_number,company,city,country,labels',
    'Clarice Uzzell,cuzzell0@mozilla.org,bb4e11cd-0f23-49da-a123-dcc1fec6852c,+498963648018,,,,',
  ]);
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('');

  // Export what is listed.
  await page.getByRole('button', { name: 'Export' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export contacts' });
  const exported = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Export 25 contacts' }).click();
  const csv = readFileSync(await (await exported).path(), 'utf8');
  expect(csv.startsWith('\ufeffname,email,identifier,phone_number,company,city,country,labels\r\n')).toBe(true);
  expect(csv.split('\r\n').filter(Boolean)).toHaveLength(26);
  expect(csv).toContain('Clarice Uzzell,cuzzell0@mozilla.org,bb4e11cd-0f23-49da-a123-dcc1fec6852c,+498963648018');

  // Undo from the list of past imports.
  await page.getByRole('button', { name: 'Past imports' }).click();
  await page.getByRole('dialog', { name: 'Imports' }).getByRole('button', { name: 'Undo import' }).click();
  // It asks first (nothing was changed since, so all 25 go).
  const confirmUndo = page.getByRole('dialog', { name: 'Undo import of “import-contacts-sample.csv”?' });
  await expect(confirmUndo.getByText('25 contacts will be removed.')).toBeVisible();
  await confirmUndo.getByRole('button', { name: 'Undo import', exact: true }).click();
  await expect(page.getByText(/Import undone: 25 contacts removed/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Close' }).first().click();
  await expect(page.getByRole('heading', { name: 'No contacts yet' })).toBeVisible();
  await expect(gridRows(page)).toHaveCount(0);
});

test('a file that is not a CSV is refused and changes nothing', async ({ page }) => {
  await openWithContacts(page, [{ name: 'Ana García', email: 'ana@example.com' }]);
  await dropFile(page, 'photo.png', 'not really a png', 'image/png');
  await expect(page.getByText('Only CSV, TSV and TXT files can be imported.')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).last().click();
  await dropFile(page, 'empty.csv', '');
  await expect(page.getByText('The file is empty.')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).last().click();
  await expect(gridRows(page)).toHaveCount(1);
});

test('updates an existing contact matched by email and undo puts it back', async ({ page }) => {
  await openWithContacts(page, [{ name: 'Ana García', email: 'ana@example.com', city: 'Madrid', labels: ['vip'] }]);
  const csv = 'nombre;correo;ciudad;etiquetas\r\nAna G.;ANA@example.com;Sevilla;lead, madrid\r\nLuis Pérez;luis@example.com;;\r\n';
  // $mod+I opens the file picker, as the Import button does.
  const chooser = page.waitForEvent('filechooser');
  await page.locator('body').press('Control+i');
  await (await chooser).setFiles({ name: 'crm.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  const dialog = page.getByRole('dialog', { name: 'Import “crm.csv”' });
  await expect(dialog.getByLabel('Separator')).toHaveValue(';');
  await expect(dialog.getByLabel('Import “correo” as')).toHaveValue('field:email');
  await expect(dialog.getByLabel('Import “etiquetas” as')).toHaveValue('labels');
  await dialog.getByRole('button', { name: 'Preview import' }).click();
  await expect(dialog.getByRole('definition').nth(1)).toHaveText('1');
  await expect(dialog.getByRole('definition').nth(2)).toHaveText('1');
  await dialog.getByRole('button', { name: 'Start import' }).click();
  const report = page.getByRole('dialog', { name: 'Import of “crm.csv”' });
  await expect(report.getByLabel('What the import did')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '2 contacts' })).toBeVisible();
  await expect(page.locator('.ag-row').filter({ hasText: 'Sevilla' })).toHaveCount(1);
  await report.getByRole('button', { name: 'Undo import' }).click();
  await page.getByRole('dialog', { name: 'Undo import of “crm.csv”?' }).getByRole('button', { name: 'Undo import', exact: true }).click();
  await expect(page.getByText(/Import undone: 1 contacts removed and 1 put back/)).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).last().click();
  await expect(page.getByRole('status').filter({ hasText: /^1 contact$/ })).toBeVisible();
  await expect(page.locator('.ag-row').filter({ hasText: 'Madrid' })).toHaveCount(1);
});

test.describe('in Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('the Import button and the drop overlay speak Spanish, and bad files say why', async ({ page }) => {
    await openWithContacts(page, []);
    await expect(page.getByRole('button', { name: 'Importar' })).toBeVisible();
    const dataTransfer = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['nombre,correo\n'], 'vacio.csv', { type: 'text/csv' }));
      return transfer;
    });
    await page.dispatchEvent('body', 'dragenter', { dataTransfer });
    await expect(page.getByText('Suelta el archivo para importarlo')).toBeVisible();
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await expect(page.getByText('El archivo tiene una línea de encabezado pero ningún contacto debajo.')).toBeVisible();
    await expect(page.getByText('No se ha importado nada ni se ha cambiado ningún contacto.')).toBeVisible();
  });
});

test('export neutralises formula cells; the import stores them as text', async ({ page }) => {
  await openWithContacts(page, []);
  await dropFile(page, 'evil.csv', 'name,email,company\n=HYPERLINK("http://evil.example"),evil@example.com,@SUM(A1)\n');
  const dialog = page.getByRole('dialog', { name: 'Import “evil.csv”' });
  await dialog.getByRole('button', { name: 'Preview import' }).click();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^1 contact$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Export' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('dialog', { name: 'Export contacts' }).getByRole('button', { name: 'Export 1 contact' }).click();
  const lines = readFileSync(await (await download).path(), 'utf8').split('\r\n');
  expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"")",evil@example.com,,,'@SUM(A1),,,`);
});
