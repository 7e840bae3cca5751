import { expect, test, type Page } from '@playwright/test';
import { columnTexts, openWithContacts, waitForApp } from './fixtures';

/** Screenshots for people to look at, in this run's output folder (`--output` moves it). */
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${test.info().project.outputDir}/settings-screens/${name}.png` });

const people = [
  { name: 'Nube Torres', email: 'nube@acme.es', labels: ['vip'] },
  { name: 'Bruno Díaz', email: 'bruno@umbrella.mx', labels: ['vip', 'lead'] },
  { name: 'Ángel Muñoz', email: 'angel@initech.co.uk', labels: ['lead'] },
];

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  return dialog;
}

function sidebarLabel(page: Page, title: string) {
  return page
    .getByRole('navigation', { name: 'Contacts' })
    .getByRole('list', { name: 'Tagged with' })
    .getByRole('button', { name: new RegExp(`^${title}, `) });
}

test.describe('settings', () => {
  test('sections are tabs, reachable with the arrow keys; General keeps the language choice', async ({ page }) => {
    await page.goto('/');
    await waitForApp(page);
    const dialog = await openSettings(page);
    const tabs = dialog.getByRole('tablist', { name: 'Settings sections' });
    await expect(tabs.getByRole('tab')).toHaveText(['General', 'Labels', 'Custom attributes', 'Imports', 'Server']);
    await expect(dialog.getByRole('tab', { name: 'General' })).toHaveAttribute('aria-selected', 'true');
    await expect(dialog.getByRole('tabpanel', { name: 'General' }).getByRole('heading', { name: 'General' })).toBeVisible();
    await expect(dialog.getByLabel('Language')).toHaveValue('system');
    await shot(page, 'general-en');

    await dialog.getByRole('tab', { name: 'General' }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(dialog.getByRole('tab', { name: 'Labels' })).toBeFocused();
    await expect(dialog.getByRole('tabpanel', { name: 'Labels' }).getByRole('heading', { name: 'Labels', exact: true })).toBeVisible();
    await page.keyboard.press('End');
    await expect(dialog.getByRole('tab', { name: 'Server' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await expect(dialog.getByRole('tab', { name: 'General' })).toBeFocused();

    // Closing and reopening returns to the section the user was in.
    await page.keyboard.press('End');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();
    await openSettings(page);
    await expect(dialog.getByRole('tab', { name: 'Server' })).toHaveAttribute('aria-selected', 'true');
  });

  test('labels: create with clear errors, recolour, rename (contacts follow), delete with a truthful confirmation', async ({ page }) => {
    await openWithContacts(page, people, [
      { title: 'vip', color: '#dc2626' },
      { title: 'lead', color: '#4f46e5' },
    ]);
    const dialog = await openSettings(page);
    await dialog.getByRole('tab', { name: 'Labels' }).click();
    const rows = dialog.getByRole('list', { name: 'Your labels' }).getByRole('listitem');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('lead');
    await expect(rows.nth(0)).toContainText('2 contacts');
    await expect(rows.nth(1)).toContainText('vip');

    // Bad input: a specific message beside the field, and the typed text stays.
    const input = dialog.getByLabel('New label', { exact: true });
    await input.fill('<b>x</b>');
    await dialog.getByRole('button', { name: 'Add label' }).click();
    await expect(input).toHaveValue('<b>x</b>');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(input).toHaveAccessibleDescription(/“<b>x<\/b>” is not a valid label/);
    await expect(dialog.locator('b')).toHaveCount(0);

    await input.fill('VIP');
    await input.press('Enter');
    await expect(dialog.getByText('There is already a label called “vip”.')).toBeVisible();
    await expect(input).toHaveValue('VIP');

    // Create, with a palette colour, typed in capitals and with a space: stored lower-case with "-".
    await input.fill('Cliente Nuevo');
    await expect(dialog.getByText('Will be saved as “cliente-nuevo”.')).toBeVisible();
    await expect(input).not.toHaveAttribute('aria-invalid', 'true');
    await dialog.getByRole('button', { name: /^Colour of the new label/ }).click();
    await dialog.getByRole('button', { name: 'Green', exact: true }).click();
    await dialog.getByRole('button', { name: 'Add label' }).click();
    await expect(input).toHaveValue('');
    await expect(rows).toHaveCount(3);
    const created = dialog.getByRole('listitem', { name: 'cliente-nuevo' });
    await expect(created).toContainText('0 contacts');
    await expect(created.getByRole('button', { name: 'Colour of cliente-nuevo: Green' })).toBeVisible();
    await expect(sidebarLabel(page, 'cliente-nuevo')).toHaveAccessibleName('cliente-nuevo, 0 contacts');
    await expect(dialog.getByRole('status').filter({ hasText: 'Label “cliente-nuevo” added.' })).toBeAttached();

    // Recolour from the palette with the keyboard, then with the native colour input.
    const vip = dialog.getByRole('listitem', { name: 'vip' });
    await vip.getByRole('button', { name: /^Colour of vip/ }).click();
    await expect(vip.getByRole('button', { name: 'Red', exact: true })).toBeFocused();
    await expect(vip.getByRole('button', { name: 'Red', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await shot(page, 'labels-palette-en');
    await page.keyboard.press('ArrowRight');
    await expect(vip.getByRole('button', { name: 'Orange', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(vip.getByRole('button', { name: 'Colour of vip: Orange' })).toBeFocused();
    await expect(sidebarLabel(page, 'vip').locator('.label-dot')).toHaveCSS('background-color', 'rgb(234, 88, 12)');
    await vip.getByRole('button', { name: /^Colour of vip/ }).click();
    await vip.getByLabel('Custom colour…').fill('#123456');
    await expect(vip.getByRole('button', { name: 'Colour of vip: #123456' })).toBeVisible();
    await expect(sidebarLabel(page, 'vip').locator('.label-dot')).toHaveCSS('background-color', 'rgb(18, 52, 86)');

    // Esc in the palette closes the palette only.
    await vip.getByRole('button', { name: /^Colour of vip/ }).click();
    await page.keyboard.press('Escape');
    await expect(vip.getByRole('group', { name: 'Colour of vip' })).toBeHidden();
    await expect(dialog).toBeVisible();

    // Rename in place: Esc cancels (and leaves the window open), Enter saves.
    await vip.getByRole('button', { name: 'Rename vip' }).click();
    const rename = vip.getByLabel('New title for vip');
    await expect(rename).toBeFocused();
    await rename.fill('premium');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeVisible();
    await expect(rename).toBeHidden();
    await expect(vip.getByRole('button', { name: 'Rename vip' })).toBeFocused();

    await vip.getByRole('button', { name: 'Rename vip' }).click();
    await rename.fill('lead');
    await rename.press('Enter');
    await expect(vip.getByText('There is already a label called “lead”.')).toBeVisible();
    await expect(rename).toHaveValue('lead');
    await rename.fill('Premium');
    await rename.press('Enter');
    const premium = dialog.getByRole('listitem', { name: 'premium' });
    await expect(premium).toContainText('2 contacts');
    await expect(dialog.getByRole('status').filter({ hasText: 'Renamed “vip” to “premium”; 2 contacts updated.' })).toBeAttached();
    await expect(sidebarLabel(page, 'premium')).toHaveAccessibleName('premium, 2 contacts');
    await expect(sidebarLabel(page, 'vip')).toHaveCount(0);
    await shot(page, 'labels-en');

    // Delete: the confirmation says how many contacts carry the label and what happens to it.
    await premium.getByRole('button', { name: 'Delete premium' }).click();
    const confirm = premium.getByRole('alertdialog', { name: 'Delete the label “premium”?' });
    await expect(confirm).toHaveAccessibleDescription(
      '2 contacts carry this label; they keep it as text (shown in grey) until you remove it from them.',
    );
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await shot(page, 'labels-delete-en');
    await confirm.getByRole('button', { name: 'Delete label' }).click();
    await expect(dialog.getByRole('list', { name: 'Your labels' }).getByRole('listitem', { name: 'premium' })).toHaveCount(0);
    await expect(dialog.getByLabel('New label', { exact: true })).toBeFocused();
    // As promised: the contacts still carry it, as an undefined label in grey.
    await expect(sidebarLabel(page, 'premium')).toHaveAccessibleName('premium, 2 contacts');
    const undefinedList = dialog.getByRole('region', { name: 'On contacts, not defined' });
    await expect(undefinedList.getByRole('listitem', { name: 'premium' })).toContainText('2 contacts');
    await undefinedList.getByRole('button', { name: 'Define premium' }).click();
    await expect(dialog.getByRole('list', { name: 'Your labels' }).getByRole('listitem', { name: 'premium' })).toBeVisible();
    await expect(undefinedList).toBeHidden();

    await dialog.getByRole('button', { name: 'Done' }).click();
    expect(await columnTexts(page, 'labels')).toEqual(expect.arrayContaining([expect.stringContaining('premium')]));
    expect((await columnTexts(page, 'labels')).join(' ')).not.toContain('vip');
  });

  test('renaming the label the list is showing keeps showing its contacts', async ({ page }) => {
    await openWithContacts(page, people, [{ title: 'vip', color: '#dc2626' }]);
    await sidebarLabel(page, 'vip').click();
    await expect(page.getByRole('heading', { name: 'Tagged with “vip”' })).toBeVisible();
    const dialog = await openSettings(page);
    await dialog.getByRole('tab', { name: 'Labels' }).click();
    await dialog.getByRole('button', { name: 'Rename vip' }).click();
    await dialog.getByLabel('New title for vip').fill('gold');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('heading', { name: 'Tagged with “gold”' })).toBeVisible();
    expect(await columnTexts(page, 'name')).toHaveLength(2);
  });

  test('custom attributes: one of each type, reserved and duplicate keys refused, key and type fixed after creation', async ({ page }) => {
    await page.goto('/');
    await waitForApp(page);
    const dialog = await openSettings(page);
    await dialog.getByRole('tab', { name: 'Custom attributes' }).click();
    await expect(dialog.getByText('No custom attributes yet.')).toBeVisible();

    const create = async (name: string, type: string, extra?: () => Promise<void>) => {
      await dialog.getByRole('button', { name: 'New attribute' }).click();
      const form = dialog.getByRole('form', { name: 'New custom attribute' });
      await expect(form.getByLabel('Display name')).toBeFocused();
      await form.getByLabel('Display name').fill(name);
      await form.getByLabel('Type').selectOption({ label: type });
      await extra?.();
      await form.getByRole('button', { name: 'Create attribute' }).click();
      await expect(form).toBeHidden();
    };

    // The key is suggested from the display name: ASCII snake_case.
    await dialog.getByRole('button', { name: 'New attribute' }).click();
    const form = dialog.getByRole('form', { name: 'New custom attribute' });
    await form.getByLabel('Display name').fill('Número de contrato (año)');
    await expect(form.getByLabel('Key')).toHaveValue('numero_de_contrato_ano');
    await form.getByLabel('Display name').fill('Email');
    await expect(form.getByLabel('Key')).toHaveValue('email');
    await form.getByRole('button', { name: 'Create attribute' }).click();
    await expect(form.getByLabel('Key')).toHaveAccessibleDescription(
      /“email” is the name of a standard contact field and cannot be a custom attribute\./,
    );
    await expect(form.getByLabel('Key')).toBeFocused();
    await expect(form.getByLabel('Display name')).toHaveValue('Email');
    await form.getByLabel('Key').fill('work_email');
    await expect(form.getByLabel('Key')).not.toHaveAttribute('aria-invalid', 'true');
    await form.getByLabel('Display name').fill('Work email');
    await expect(form.getByLabel('Key')).toHaveValue('work_email');
    await form.getByRole('button', { name: 'Create attribute' }).click();
    await expect(form).toBeHidden();
    await expect(dialog.getByRole('button', { name: 'New attribute' })).toBeFocused();
    await expect(dialog.getByRole('status').filter({ hasText: 'Attribute “Work email” created.' })).toBeAttached();

    await create('Seats', 'Number');
    await create('Website', 'Link');
    await create('Signed on', 'Date');
    await create('Newsletter', 'Checkbox');
    await create('Plan', 'List', async () => {
      const values = dialog.getByLabel('List values');
      await dialog.getByRole('button', { name: 'Create attribute' }).click();
      await expect(values).toHaveAccessibleDescription(/Add at least one value to choose from\./);
      await values.fill('Free');
      await values.press('Enter');
      await values.fill('Gold');
      await values.press('Enter');
      await values.fill('gold');
      await values.press('Enter');
      await expect(values).toHaveAccessibleDescription(/“gold” is already in the list\./);
      await values.fill('Platinum'); // typed, not added: saved all the same
      await shot(page, 'attributes-form-en');
    });

    const rows = dialog.getByRole('list', { name: 'Your custom attributes' }).getByRole('listitem');
    await expect(rows).toHaveCount(6);
    await expect(rows.locator('.type-badge')).toHaveText(['Checkbox', 'List', 'Number', 'Date', 'Link', 'Text']);
    await expect(dialog.getByRole('listitem', { name: 'Plan' })).toContainText('Free · Gold · Platinum');

    // A duplicate key, whatever its case.
    await dialog.getByRole('button', { name: 'New attribute' }).click();
    await form.getByLabel('Display name').fill('Plan 2');
    await form.getByLabel('Key').fill('PLAN');
    await form.getByRole('button', { name: 'Create attribute' }).click();
    await expect(form.getByText('The key “plan” is already used by the attribute “Plan”.')).toBeVisible();
    await form.getByLabel('Display name').fill('plan');
    await expect(form.getByText('There is already an attribute called “Plan”.')).toBeVisible();
    await form.press('Escape');
    await expect(form).toBeHidden();
    await expect(dialog).toBeVisible();

    // Editing: the key is read-only and the type locked, each saying why.
    await dialog.getByRole('button', { name: 'Edit Plan' }).click();
    const edit = dialog.getByRole('form', { name: 'Edit “Plan”' });
    await expect(edit.getByLabel('Key')).toHaveAttribute('readonly', '');
    await expect(edit.getByLabel('Key')).toHaveAccessibleDescription(/The key cannot change/);
    await expect(edit.getByLabel('Type')).toBeDisabled();
    await expect(edit.getByText(/The type cannot change after creation/)).toBeVisible();
    await edit.getByRole('button', { name: 'Remove Free' }).click();
    await edit.getByLabel('Description').fill('What the customer pays for');
    await edit.getByLabel('Display name').press('Control+Enter');
    await expect(edit).toBeHidden();
    await expect(dialog.getByRole('button', { name: 'Edit Plan' })).toBeFocused();
    const plan = dialog.getByRole('listitem', { name: 'Plan' });
    await expect(plan).toContainText('Gold · Platinum');
    await expect(plan).toContainText('What the customer pays for');
    await expect(plan.locator('.attribute-key')).toHaveText('plan');

    // Delete asks first.
    await dialog.getByRole('button', { name: 'Delete Seats' }).click();
    const confirm = dialog.getByRole('alertdialog', { name: 'Delete the attribute “Seats”?' });
    await expect(confirm).toHaveAccessibleDescription('No contact has a value for it.');
    await confirm.getByRole('button', { name: 'Delete attribute' }).click();
    await expect(rows).toHaveCount(5);
    await shot(page, 'attributes-en');

    // Definitions are stored: they are there after a restart.
    await page.reload();
    await waitForApp(page);
    await openSettings(page);
    await dialog.getByRole('tab', { name: 'Custom attributes' }).click();
    await expect(rows).toHaveCount(5);
  });

  test('HTML in label titles and attribute names shows as text', async ({ page }) => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    // A title that bypassed validation (say, from an old server) must still render inert.
    await openWithContacts(page, [{ name: 'Ana', labels: [hostile] }], [{ title: hostile, color: '#dc2626' }]);
    const dialog = await openSettings(page);
    await dialog.getByRole('tab', { name: 'Labels' }).click();
    await expect(dialog.getByText(hostile, { exact: true })).toBeVisible();

    await dialog.getByRole('tab', { name: 'Custom attributes' }).click();
    await dialog.getByRole('button', { name: 'New attribute' }).click();
    const name = '<script>window.__pwned=2</script><b>Bold</b>';
    await dialog.getByLabel('Display name').fill(name);
    await expect(dialog.getByLabel('Key')).toHaveValue('script_window_pwned_2_script_b_bold_b');
    await dialog.getByRole('button', { name: 'Create attribute' }).click();
    await expect(dialog.getByRole('listitem', { name })).toContainText(name);
    await expect(dialog.locator('img, b, script')).toHaveCount(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test('Spanish: every section in Spanish, errors included', async ({ page }) => {
    await openWithContacts(page, people, [{ title: 'vip', color: '#dc2626' }]);
    const dialog = await openSettings(page);
    await dialog.getByLabel('Language').selectOption('es');
    const ajustes = page.getByRole('dialog', { name: 'Ajustes' });
    await expect(ajustes.getByRole('tab', { name: 'General' })).toBeVisible();
    await shot(page, 'general-es');
    await ajustes.getByRole('tab', { name: 'Etiquetas' }).click();
    await expect(ajustes.getByRole('listitem', { name: 'vip' })).toContainText('2 contactos');
    await ajustes.getByLabel('Nueva etiqueta', { exact: true }).fill('vip');
    await ajustes.getByRole('button', { name: 'Añadir etiqueta' }).click();
    await expect(ajustes.getByText('Ya existe una etiqueta llamada «vip».')).toBeVisible();
    await ajustes.getByRole('button', { name: 'Eliminar vip' }).click();
    await expect(ajustes.getByRole('alertdialog')).toContainText('2 contactos llevan esta etiqueta');
    await shot(page, 'labels-es');

    await ajustes.getByRole('tab', { name: 'Atributos personalizados' }).click();
    await ajustes.getByRole('button', { name: 'Nuevo atributo' }).click();
    await ajustes.getByLabel('Nombre visible').fill('Teléfono');
    await ajustes.getByLabel('Clave').fill('phone_number');
    await ajustes.getByLabel('Tipo').selectOption({ label: 'Lista' });
    await ajustes.getByRole('button', { name: 'Crear atributo' }).click();
    await expect(ajustes.getByText('«phone_number» es el nombre de un campo estándar del contacto')).toBeVisible();
    await expect(ajustes.getByText('Añade al menos un valor entre los que elegir.')).toBeVisible();
    await shot(page, 'attributes-es');
  });
});
