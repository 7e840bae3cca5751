import { expect, test, type Locator, type Page } from '@playwright/test';
import { columnTexts, gridRows, openWithContacts, storedRecords } from './fixtures';

/**
 * Issue 16, items 2 and 3: labels an import brings are filterable like any other; Undo import asks,
 * keeps the contacts changed since, and Restore brings back the ones it removed; Merge asks first.
 */

const PEOPLE_CSV = [
  'name;email;labels',
  'Ana Gómez;ana@example.com;vip',
  'Bea Ruiz;bea@example.com;"vip,lead"',
  'Carla Soto;carla@example.com;lead',
  'Dora Pinto;dora@example.com;vip',
].join('\r\n');

const ALL = ['Ana Gómez', 'Bea Ruiz', 'Carla Soto', 'Dora Pinto'];

const panel = (page: Page) => page.getByRole('complementary', { name: 'Contact details' });
const builder = (page: Page) => page.getByRole('dialog', { name: 'Filter contacts' });

async function names(page: Page): Promise<string[]> {
  return (await columnTexts(page, 'name')).slice().sort();
}

async function storedNames(page: Page): Promise<string[]> {
  return (await storedRecords<{ name: string }>(page, 'contacts')).map((c) => c.name).sort();
}

/** Imports PEOPLE_CSV (semicolon-separated) through the Import button; leaves the report open. */
async function importPeople(page: Page): Promise<Locator> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await (await chooser).setFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(PEOPLE_CSV, 'utf8') });
  const dialog = page.getByRole('dialog', { name: 'Import “people.csv”' });
  await expect(dialog.getByLabel('Separator')).toHaveValue(';');
  await dialog.getByRole('button', { name: 'Preview import' }).click();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  const report = page.getByRole('dialog', { name: 'Import of “people.csv”' });
  await expect(report.getByLabel('What the import did')).toBeVisible({ timeout: 30_000 });
  return report;
}

async function editCompany(page: Page, name: string, company: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await panel(page).getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('dialog', { name: 'Edit contact' });
  await form.getByLabel('Company', { exact: true }).fill(company);
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form).toBeHidden();
  await expect(panel(page)).toContainText(company);
  await panel(page).getByRole('button', { name: 'Close contact' }).click();
}

test('imported labels filter like any other; Undo import asks, keeps the edited contact, and Restore brings the rest back', async ({ page }, testInfo) => {
  await openWithContacts(page, []);
  const report = await importPeople(page);
  await report.getByRole('button', { name: 'Done' }).click();
  await expect(gridRows(page)).toHaveCount(4);

  // The sidebar, the filter builder and Settings → Labels list the labels the import brought.
  const tagged = page.getByRole('list', { name: 'Tagged with' });
  await expect(tagged.getByRole('button', { name: 'vip, 3 contacts' })).toBeVisible();
  await expect(tagged.getByRole('button', { name: 'lead, 2 contacts' })).toBeVisible();
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  const condition = builder(page).getByRole('group', { name: 'Condition 1', exact: true });
  await condition.getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Labels' });
  await condition.getByRole('button', { name: /^Value:/ }).click();
  const values = condition.getByRole('group', { name: 'Value' });
  await expect(values.getByRole('checkbox')).toHaveCount(2);
  await values.getByRole('checkbox', { name: 'vip', exact: true }).check();
  await page.keyboard.press('Escape');
  await builder(page).getByRole('button', { name: 'Submit' }).click();
  await expect(builder(page)).toBeHidden();
  await expect.poll(() => names(page)).toEqual(['Ana Gómez', 'Bea Ruiz', 'Dora Pinto']);
  await page.getByRole('button', { name: /^All contacts/ }).click();
  await expect(gridRows(page)).toHaveCount(4);

  // Bea is edited after the import: the undo must keep her unless told otherwise.
  await editCompany(page, 'Bea Ruiz', 'Acme');

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'Labels' }).click();
  await expect(settings.getByText('No labels yet')).toHaveCount(0);
  await expect(settings.getByRole('listitem', { name: 'vip' })).toBeVisible();
  await settings.getByRole('tab', { name: 'Imports' }).click();
  const row = settings.getByRole('listitem', { name: 'people.csv' });
  await row.getByRole('button', { name: 'Undo import of people.csv' }).click();

  const confirm = page.getByRole('dialog', { name: 'Undo import of “people.csv”?' });
  await expect(confirm.getByText('The import created 4 contacts that are still here.')).toBeVisible();
  await expect(confirm.getByText('1 of these contacts was changed since the import (edited, noted, merged into or messaged).')).toBeVisible();
  await expect(confirm.getByRole('list', { name: 'Contacts changed since the import' }).getByRole('listitem')).toHaveText(['Bea Ruiz — edited']);
  await expect(confirm.getByRole('radio', { name: 'Keep the changed contact as it is' })).toBeChecked();
  await expect(confirm.getByText('3 contacts will be removed.')).toBeVisible();
  // The other choice says what it would do, and going back restores the count.
  await confirm.getByRole('radio', { name: 'Remove or revert the changed contact too' }).check();
  await expect(confirm.getByText('4 contacts will be removed.')).toBeVisible();
  await confirm.getByRole('radio', { name: 'Keep the changed contact as it is' }).check();
  await expect(confirm.getByText('3 contacts will be removed.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('undo-import-confirm-en.png') });
  // Nothing was removed by asking.
  expect(await storedNames(page)).toEqual(ALL);
  await confirm.getByRole('button', { name: 'Undo import', exact: true }).click();

  const result = page.getByRole('dialog', { name: 'Import of “people.csv”' });
  await expect(result.getByText('Import undone: 3 contacts removed and 0 put back as they were.')).toBeVisible({ timeout: 30_000 });
  await expect(result.getByText('1 contact changed since the import was kept as it is.')).toBeVisible();
  await expect.poll(() => storedNames(page)).toEqual(['Bea Ruiz']);
  await page.screenshot({ path: testInfo.outputPath('undo-import-done-en.png') });

  await result.getByRole('button', { name: 'Restore' }).click();
  await expect(result.getByText('Restored: 3 contacts are back as the import left them.')).toBeVisible();
  await result.getByRole('button', { name: 'Close' }).first().click();
  await expect(row.getByText('Finished')).toBeVisible();
  await settings.getByRole('button', { name: 'Done' }).click();
  await expect(gridRows(page)).toHaveCount(4);
  expect(await names(page)).toEqual(ALL);
  // Bea kept her edit; the restored ones are as the import left them, labels and all.
  const stored = await storedRecords<{ name: string; company: string | null; labels: string[] }>(page, 'contacts');
  expect(stored.find((c) => c.name === 'Bea Ruiz')).toMatchObject({ company: 'Acme', labels: ['vip', 'lead'] });
  expect(stored.find((c) => c.name === 'Dora Pinto')).toMatchObject({ labels: ['vip'] });
});

test('Undo straight from the report; after closing, Restore waits in a toast', async ({ page }) => {
  await openWithContacts(page, []);
  const report = await importPeople(page);
  await report.getByRole('button', { name: 'Undo import' }).click();
  const confirm = page.getByRole('dialog', { name: 'Undo import of “people.csv”?' });
  await expect(confirm.getByText('4 contacts will be removed.')).toBeVisible();
  // Nothing changed since: nothing to choose.
  await expect(confirm.getByRole('radio')).toHaveCount(0);
  await confirm.getByRole('button', { name: 'Undo import', exact: true }).click();
  const result = page.getByRole('dialog', { name: 'Import of “people.csv”' });
  await expect(result.getByText('Import undone: 4 contacts removed and 0 put back as they were.')).toBeVisible({ timeout: 30_000 });
  await result.getByRole('button', { name: 'Close' }).first().click();
  await expect(gridRows(page)).toHaveCount(0);
  await expect(page.getByText('Import of people.csv undone: 4 contacts removed.')).toBeVisible();
  await page.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText('Restored: 4 contacts are back as the import left them.')).toBeVisible();
  await expect(gridRows(page)).toHaveCount(4);
});

test('Merge shows what is kept and what is deleted, and deletes nothing until confirmed', async ({ page }, testInfo) => {
  await openWithContacts(page, [
    { name: 'Ana García', email: 'ana@globex.com', labels: ['vip'] },
    { name: 'A. García', email: 'agarcia@old.es', company: 'Globex', labels: ['lead'] },
  ]);
  await page.getByRole('button', { name: 'Ana García', exact: true }).click();
  const ask = async () => {
    await panel(page).getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge into Ana García' });
    await dialog.getByRole('searchbox', { name: 'Search contacts to merge' }).fill('old.es');
    await dialog.getByRole('button', { name: /A\. García/ }).click();
    return dialog;
  };
  let dialog = await ask();
  const kept = dialog.getByRole('region', { name: 'Result' });
  await expect(kept.getByRole('heading', { name: 'Kept: Ana García' })).toBeVisible();
  await expect(kept).toContainText('ana@globex.com');
  await expect(kept).toContainText('Globex');
  await expect(kept).toContainText('vip, lead');
  const deleted = dialog.getByRole('region', { name: 'Deleted: A. García' });
  await expect(deleted).toContainText('agarcia@old.es');
  await expect(dialog.getByRole('list', { name: 'Values not kept' }).getByRole('listitem')).toHaveText(['Name: A. García', 'Email: agarcia@old.es']);
  await page.screenshot({ path: testInfo.outputPath('merge-confirm-en.png') });

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await storedNames(page)).length).toBe(2);

  dialog = await ask();
  await dialog.getByRole('button', { name: 'Merge contacts' }).click();
  await expect(dialog).toBeHidden();
  await expect(gridRows(page)).toHaveCount(1);
  expect(await storedNames(page)).toEqual(['Ana García']);
});

test.describe('in Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('la confirmación de deshacer dice cuántos contactos se eliminarán', async ({ page }, testInfo) => {
    await openWithContacts(page, []);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Importar', exact: true }).click();
    await (await chooser).setFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(PEOPLE_CSV, 'utf8') });
    const dialog = page.getByRole('dialog', { name: 'Importar «people.csv»' });
    await dialog.getByRole('button', { name: 'Vista previa' }).click();
    await dialog.getByRole('button', { name: 'Empezar a importar' }).click();
    const report = page.getByRole('dialog', { name: 'Importación de «people.csv»' });
    await expect(report.getByLabel('Lo que hizo la importación')).toBeVisible({ timeout: 30_000 });
    await report.getByRole('button', { name: 'Deshacer importación' }).click();
    const confirm = page.getByRole('dialog', { name: '¿Deshacer la importación de «people.csv»?' });
    await expect(confirm.getByText('La importación creó 4 contactos que siguen aquí.')).toBeVisible();
    await expect(confirm.getByText('Se eliminarán 4 contactos.')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('undo-import-confirm-es.png') });
    await confirm.getByRole('button', { name: 'Cancelar' }).click();
    await expect(confirm).toBeHidden();
    expect(await storedNames(page)).toEqual(ALL);
  });
});
