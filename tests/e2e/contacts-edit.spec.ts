import { expect, test, type Page } from '@playwright/test';
import { columnTexts, gridRows, openWithContacts, storedRecords } from './fixtures';

const ana = { name: 'Ana García', email: 'ana@globex.com', phone: '+34612345678', company: 'Globex', labels: ['vip'] };
const beto = { name: 'Beto Ruiz', email: 'beto@acme.es', phone: null, company: null, labels: ['lead'] };

function panel(page: Page) {
  return page.getByRole('complementary', { name: 'Contact details' });
}

test.describe('new contact', () => {
  test('creates a contact with the server rules: email lower-cased, phone to E.164 from the chosen country', async ({ page }) => {
    await openWithContacts(page, [ana]);
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await dialog.getByLabel('Name', { exact: true }).fill('Carla Núñez');
    await dialog.getByLabel('Email', { exact: true }).fill('  Carla@Example.COM ');
    await dialog.getByLabel('Phone number country').selectOption('ES');
    await dialog.getByLabel('Phone number', { exact: true }).fill('612 345 679');
    await dialog.getByLabel('Country', { exact: true }).selectOption('ES');
    await dialog.getByRole('combobox', { name: 'Labels' }).fill('Cliente');
    await dialog.getByRole('combobox', { name: 'Labels' }).press('Enter');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel(page).getByRole('heading', { name: 'Carla Núñez' })).toBeVisible();
    await expect(panel(page)).toContainText('carla@example.com');
    await expect(panel(page)).toContainText('+34 612 34 56 79');
    await expect(gridRows(page)).toHaveCount(2);
    const stored = (await storedRecords<{ name: string; email: string; phone: string; labels: string[]; countryCode: string }>(page, 'contacts')).find((c) => c.name === 'Carla Núñez');
    expect(stored).toMatchObject({ email: 'carla@example.com', phone: '+34612345679', labels: ['cliente'], countryCode: 'ES' });
    const outbox = await storedRecords<{ entity: string; op: string }>(page, 'outbox');
    expect(outbox).toEqual([expect.objectContaining({ entity: 'contact', op: 'create' })]);
  });

  test('opens with Ctrl+N, saves with Ctrl+Enter, and asks before discarding typed text on Esc', async ({ page }) => {
    await openWithContacts(page, [ana]);
    await page.locator('body').click();
    await page.keyboard.press('Control+n');
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Name', { exact: true }).fill('Dani');
    await page.keyboard.press('Escape');
    await expect(dialog.getByText('Discard what you typed?')).toBeVisible();
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('Dani');
    await dialog.getByLabel('Name', { exact: true }).press('Control+Enter');
    await expect(dialog).toBeHidden();
    await expect(gridRows(page)).toHaveCount(2);
    // Esc with nothing typed closes at once.
    await page.keyboard.press('Control+n');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('shows each problem beside its field, keeps what was typed, links to the duplicate', async ({ page }) => {
    await openWithContacts(page, [ana]);
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Enter at least a name, an email or a phone number.');
    await dialog.getByLabel('Name', { exact: true }).fill('x'.repeat(300));
    await dialog.getByLabel('Email', { exact: true }).fill('ANA@globex.com');
    await dialog.getByLabel('Phone number country').selectOption('ES');
    await dialog.getByLabel('Phone number', { exact: true }).fill('61A 345 678');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect(dialog.getByText('Too long: at most 255 characters.')).toBeVisible();
    await expect(dialog.getByText('This email already belongs to Ana García.')).toBeVisible();
    await expect(dialog.getByText(/A phone number may only contain digits/)).toBeVisible();
    await expect(dialog.getByLabel('Email', { exact: true })).toHaveValue('ANA@globex.com');
    await dialog.getByRole('button', { name: 'Show Ana García' }).click();
    await expect(panel(page).getByRole('heading', { name: 'Ana García' })).toBeVisible();
    // Coming back to "New contact" brings the draft back as it was typed.
    await page.getByRole('button', { name: 'New contact' }).click();
    await expect(dialog.getByLabel('Email', { exact: true })).toHaveValue('ANA@globex.com');
    await expect(dialog.getByLabel('Phone number', { exact: true })).toHaveValue('61A 345 678');
    expect(await storedRecords(page, 'outbox')).toEqual([]);
  });
});

test.describe('contact sidebar', () => {
  test('opens from the name or Enter, walks with arrows, closes with Esc', async ({ page }) => {
    await openWithContacts(page, [ana, beto, { name: 'Carla', email: 'carla@x.io' }]);
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await page.getByRole('button', { name: 'Ana García' }).click();
    await expect(panel(page).getByRole('heading', { name: 'Ana García' })).toBeVisible();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowDown');
    await expect(panel(page).getByRole('heading', { name: 'Beto Ruiz' })).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(panel(page).getByRole('heading', { name: 'Carla' })).toBeVisible();
    await page.keyboard.press('ArrowUp');
    await expect(panel(page).getByRole('heading', { name: 'Beto Ruiz' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(panel(page)).toBeHidden();
    await page.locator('.ag-row[row-index="2"] [col-id="email"]').click();
    await page.keyboard.press('Enter');
    await expect(panel(page).getByRole('heading', { name: 'Carla' })).toBeVisible();
  });

  test('edits through the same form and the grid follows', async ({ page }) => {
    await openWithContacts(page, [ana, beto]);
    await page.getByRole('button', { name: 'Beto Ruiz' }).click();
    await panel(page).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit contact' });
    await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('Beto Ruiz');
    await dialog.getByLabel('Company', { exact: true }).fill('Umbrella');
    await dialog.getByLabel('Email', { exact: true }).fill('ana@globex.com');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect(dialog.getByText('This email already belongs to Ana García.')).toBeVisible();
    await dialog.getByLabel('Email', { exact: true }).fill('beto@acme.es');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(() => columnTexts(page, 'company')).toContain('Umbrella');
    await expect(panel(page)).toContainText('Umbrella');
  });

  test('deletes after confirmation and offers Undo', async ({ page }) => {
    await openWithContacts(page, [ana, beto]);
    await page.getByRole('button', { name: 'Beto Ruiz' }).click();
    await panel(page).getByRole('button', { name: 'Delete contact' }).click();
    await page.getByRole('dialog', { name: 'Delete this contact?' }).getByRole('button', { name: 'Delete' }).click();
    await expect(gridRows(page)).toHaveCount(1);
    await expect(page.getByText('Beto Ruiz deleted')).toBeVisible();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(gridRows(page)).toHaveCount(2);
    expect(await columnTexts(page, 'name')).toContain('Beto Ruiz');
  });

  test('adds labels with autocomplete, creates new ones lower-case, removes with one click', async ({ page }) => {
    await openWithContacts(page, [ana, beto], [{ title: 'partner', color: '#30a46c' }]);
    await page.getByRole('button', { name: 'Beto Ruiz' }).click();
    const input = panel(page).getByRole('combobox', { name: 'Add label' });
    await input.fill('par');
    await expect(panel(page).getByRole('option', { name: 'partner' })).toBeVisible();
    await input.press('Enter');
    await input.fill('Nuevo-Cliente');
    await expect(panel(page).getByRole('option', { name: 'Create “nuevo-cliente”' })).toBeVisible();
    await input.press('Enter');
    await expect.poll(() => columnTexts(page, 'labels')).toContain('leadpartnernuevo-cliente');
    await panel(page).getByRole('button', { name: 'Remove label lead' }).click();
    await expect.poll(() => columnTexts(page, 'labels')).toContain('partnernuevo-cliente');
    await expect(page.getByRole('list', { name: 'Tagged with' }).getByRole('button', { name: 'nuevo-cliente, 1 contact' })).toBeVisible();
  });

  test('shows and edits custom attributes of every type', async ({ page }) => {
    await openWithContacts(
      page,
      [{ ...ana, customAttributes: { plan: 'pro', site: 'https://globex.com' } }],
      [],
      [
        { key: 'plan', displayName: 'Plan', type: 'list', listValues: ['free', 'pro', 'enterprise'] },
        { key: 'seats', displayName: 'Seats', type: 'number' },
        { key: 'site', displayName: 'Website', type: 'link' },
        { key: 'renewal', displayName: 'Renewal', type: 'date' },
        { key: 'vip_support', displayName: 'VIP support', type: 'checkbox' },
        { key: 'notes', displayName: 'Account notes', type: 'text' },
      ],
    );
    await page.getByRole('button', { name: 'Ana García' }).click();
    const attributes = panel(page).getByRole('region', { name: 'Custom attributes' });
    await expect(attributes.getByRole('button', { name: 'https://globex.com' })).toBeVisible();
    await attributes.getByRole('button', { name: 'Edit Seats' }).click();
    await attributes.getByLabel('Seats').fill('twelve');
    await attributes.getByRole('button', { name: 'Save' }).click();
    await expect(attributes.getByRole('alert')).toHaveText('Enter a number, with a point for decimals (12.5).');
    await attributes.getByLabel('Seats').fill('12');
    await attributes.getByRole('button', { name: 'Save' }).click();
    await attributes.getByRole('button', { name: 'Edit Renewal' }).click();
    await attributes.getByLabel('Renewal').fill('2027-02-28');
    await attributes.getByRole('button', { name: 'Save' }).click();
    await attributes.getByRole('button', { name: 'Edit VIP support' }).click();
    await attributes.getByLabel('VIP support').selectOption('true');
    await attributes.getByRole('button', { name: 'Save' }).click();
    await attributes.getByRole('button', { name: 'Edit Plan' }).click();
    await attributes.getByLabel('Plan').selectOption('enterprise');
    await attributes.getByRole('button', { name: 'Save' }).click();
    await attributes.getByRole('button', { name: 'Edit Account notes' }).click();
    await attributes.getByLabel('Account notes').fill('<img src=x onerror="window.__pwned=1">');
    await attributes.getByRole('button', { name: 'Save' }).click();
    await expect(attributes).toContainText('<img src=x onerror="window.__pwned=1">');
    const [stored] = await storedRecords<{ customAttributes: Record<string, unknown> }>(page, 'contacts');
    expect(stored!.customAttributes).toEqual({
      plan: 'enterprise',
      site: 'https://globex.com',
      seats: 12,
      renewal: '2027-02-28',
      vip_support: true,
      notes: '<img src=x onerror="window.__pwned=1">',
    });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test('merges another contact into this one after showing the result', async ({ page }) => {
    await openWithContacts(page, [
      { name: 'Ana García', email: 'ana@globex.com', company: null, labels: ['vip'] },
      { name: 'A. García', email: 'agarcia@old.es', phone: '+34612345678', company: 'Globex', labels: ['lead'] },
    ]);
    await page.getByRole('button', { name: 'Ana García' }).click();
    await panel(page).getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge into Ana García' });
    await dialog.getByRole('searchbox', { name: 'Search contacts to merge' }).fill('old.es');
    await dialog.getByRole('button', { name: /A\. García/ }).click();
    const result = dialog.getByRole('region', { name: 'Result' });
    await expect(result).toContainText('ana@globex.com');
    await expect(result).toContainText('Globex');
    await expect(result).toContainText('vip, lead');
    await dialog.getByRole('button', { name: 'Merge contacts' }).click();
    await expect(gridRows(page)).toHaveCount(1);
    await expect(panel(page)).toContainText('+34 612 34 56 78');
    await expect(panel(page)).toContainText('Globex');
  });
});

test.describe('many at once', () => {
  test('selects rows, adds and removes a label, deletes with undo; Ctrl+A selects all listed', async ({ page }) => {
    await openWithContacts(page, [ana, beto, { name: 'Carla', email: 'carla@x.io' }]);
    await page.getByRole('checkbox', { name: 'Select Ana García' }).check();
    await page.getByRole('checkbox', { name: 'Select Carla' }).check();
    const toolbar = page.getByRole('toolbar', { name: 'Selected contacts' });
    await expect(toolbar).toContainText('2 selected');
    await toolbar.getByRole('button', { name: 'Add label' }).click();
    const addDialog = page.getByRole('dialog', { name: 'Add labels to 2 contacts' });
    await addDialog.getByRole('combobox', { name: 'Add label' }).fill('promo');
    await addDialog.getByRole('combobox', { name: 'Add label' }).press('Enter');
    await addDialog.getByRole('button', { name: 'Add label' }).click();
    await expect(page.getByRole('list', { name: 'Tagged with' }).getByRole('button', { name: 'promo, 2 contacts' })).toBeVisible();
    await toolbar.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete 2 contacts?' }).getByRole('button', { name: 'Delete 2 contacts' }).click();
    await expect(gridRows(page)).toHaveCount(1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(gridRows(page)).toHaveCount(3);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+a');
    await expect(toolbar).toContainText('3 selected');
    await toolbar.getByRole('button', { name: 'Clear selection' }).click();
    await expect(toolbar).toBeHidden();
  });
});
