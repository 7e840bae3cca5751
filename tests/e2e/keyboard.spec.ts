import { expect, test, type Page } from '@playwright/test';
import { gridRows, openWithContacts } from './fixtures';

/**
 * Keyboard-first use (issue 19): dialogs start on their first field and give focus back, the grid's
 * Home/End/paging keys move the focused row, Enter opens it, arrows walk the open contact, and
 * AG Grid reports nothing (the tested build registers its ValidationModule, playwright.config.ts).
 */

const MANY = 60;
const people = Array.from({ length: MANY }, (_, i) => ({
  name: `Person ${String(i).padStart(2, '0')}`,
  email: `p${i}@x.io`,
  // Newest activity first: Person 00 is listed first, Person 59 last.
  lastActivityAt: Date.now() - (i + 1) * 60_000,
}));

const agGridReports = new WeakMap<Page, string[]>();

test.beforeEach(({ page }) => {
  const reports: string[] = [];
  agGridReports.set(page, reports);
  page.on('console', (message) => {
    if ((message.type() === 'warning' || message.type() === 'error') && /AG Grid/i.test(message.text())) reports.push(message.text());
  });
});

test.afterEach(async ({ page }) => {
  expect(agGridReports.get(page) ?? []).toEqual([]);
  await expect(page.getByText(/AG Grid found/)).toHaveCount(0);
});

function panel(page: Page) {
  return page.getByRole('complementary', { name: 'Contact details' });
}

function cell(page: Page, row: number, column = 'email') {
  return page.locator(`.ag-row[row-index="${row}"] [col-id="${column}"]`);
}

test.describe('AG Grid', () => {
  test('logs no warning and shows no diagnostics box while listing, sorting and scrolling', async ({ page }) => {
    await openWithContacts(page, people);
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
    await cell(page, 0).click();
    await page.keyboard.press('Control+End');
    await expect(cell(page, MANY - 1)).toBeFocused();
    await page.reload();
    await expect(gridRows(page).first()).toBeVisible();
  });
});

test.describe('dialog focus', () => {
  test('Ctrl+N starts on Name, so typing fills it; Esc gives focus back to the row it came from', async ({ page }) => {
    await openWithContacts(page, people.slice(0, 5));
    await cell(page, 2).click();
    await expect(cell(page, 2)).toBeFocused();
    await page.keyboard.press('Control+n');
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toBeFocused();
    await page.keyboard.type('Ana');
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana');
    // Space types a space, it does not press the close button.
    await page.keyboard.press('Space');
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana ');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(cell(page, 2)).toBeFocused();
  });

  test('the New contact button gets focus back when the dialog closes', async ({ page }) => {
    await openWithContacts(page, people.slice(0, 3));
    const button = page.getByRole('button', { name: 'New contact' });
    await button.click();
    await expect(page.getByRole('dialog', { name: 'New contact' }).getByRole('textbox', { name: 'Name' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'New contact' })).toBeHidden();
    await expect(button).toBeFocused();
  });

  test('Tab and Shift+Tab stay inside the dialog', async ({ page }) => {
    await openWithContacts(page, people.slice(0, 3));
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toBeFocused();
    // Backwards from the first field: the last control of the dialog, then forwards to the first one.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('dialog[open]') !== null)).toBe(true);
    }
  });

  test('the Shortcuts dialog starts on its list, which the keyboard scrolls, and gives focus back', async ({ page }) => {
    await openWithContacts(page, people.slice(0, 3));
    const search = page.getByRole('searchbox', { name: 'Search contacts' });
    await search.focus();
    await search.press('Escape');
    await page.getByRole('button', { name: 'New contact' }).focus();
    await page.keyboard.press('Shift+?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog.getByRole('region', { name: 'Keyboard shortcuts' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'New contact' })).toBeFocused();
  });
});

test.describe('grid keyboard', () => {
  test('Ctrl+End then Enter opens the last listed contact; arrows open the previous and next', async ({ page }) => {
    await openWithContacts(page, people);
    await cell(page, 1).click();
    await page.keyboard.press('Control+End');
    await expect(cell(page, MANY - 1)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(panel(page).getByRole('heading', { name: 'Person 59' })).toBeVisible();
    await page.keyboard.press('ArrowUp');
    await expect(panel(page).getByRole('heading', { name: 'Person 58' })).toBeVisible();
    await expect(cell(page, MANY - 2)).toBeFocused();
    await page.keyboard.press('Control+Home');
    await expect(cell(page, 0)).toBeFocused();
    await expect(panel(page).getByRole('heading', { name: 'Person 00' })).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(panel(page).getByRole('heading', { name: 'Person 01' })).toBeVisible();
  });

  test('Home, End, PageDown and PageUp move the focused row and Enter opens that one', async ({ page }) => {
    await openWithContacts(page, people);
    await cell(page, 3).click();
    await page.keyboard.press('End');
    await expect(cell(page, MANY - 1)).toBeFocused();
    await page.keyboard.press('Home');
    await expect(cell(page, 0)).toBeFocused();
    await page.keyboard.press('PageDown');
    const focusedRow = () => page.evaluate(() => Number(document.activeElement?.closest('.ag-row')?.getAttribute('row-index') ?? -1));
    await expect.poll(focusedRow).toBeGreaterThan(5);
    const paged = await focusedRow();
    expect(paged).toBeLessThan(MANY - 1);
    await page.keyboard.press('Enter');
    await expect(panel(page).getByRole('heading', { name: `Person ${String(paged).padStart(2, '0')}` })).toBeVisible();
    await page.keyboard.press('PageUp');
    await expect(cell(page, 0)).toBeFocused();
    await expect(panel(page).getByRole('heading', { name: 'Person 00' })).toBeVisible();
  });

  test('Enter pressed at once after End opens the last contact, before the row is even drawn', async ({ page }) => {
    await openWithContacts(page, people);
    await cell(page, 0).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect(panel(page).getByRole('heading', { name: 'Person 59' })).toBeVisible();
  });

  test('Space ticks the row, Ctrl+A in the grid selects every listed contact, Delete asks first', async ({ page }) => {
    await openWithContacts(page, people.slice(0, 8));
    await cell(page, 2).click();
    await page.keyboard.press('Space');
    const toolbar = page.getByRole('toolbar', { name: 'Selected contacts' });
    await expect(toolbar).toContainText('1 selected');
    await expect(page.getByRole('checkbox', { name: 'Select Person 02' })).toBeChecked();
    await page.keyboard.press('Space');
    await expect(toolbar).toBeHidden();
    await page.keyboard.press('Control+a');
    await expect(toolbar).toContainText('8 selected');
    await expect(cell(page, 2)).toBeFocused();
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('dialog', { name: 'Delete 8 contacts?' });
    await expect(confirm).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(gridRows(page)).toHaveCount(8);
    await expect(cell(page, 2)).toBeFocused();
  });

  test('Delete with nothing ticked asks to delete the focused contact', async ({ page }) => {
    await openWithContacts(page, people.slice(0, 4));
    await cell(page, 1).click();
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('dialog', { name: 'Delete 1 contact?' });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Delete 1 contact' }).click();
    await expect(gridRows(page)).toHaveCount(3);
    await expect(page.getByText('Person 01', { exact: true })).toHaveCount(0);
  });
});

test.describe('grid name', () => {
  test('the grid is named for screen readers', async ({ page }) => {
    await openWithContacts(page, people.slice(0, 3));
    await expect(page.getByRole('grid', { name: 'Contacts list' })).toBeVisible();
  });
});

test.describe('in Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('the grid is named and its headers are described in Spanish', async ({ page }) => {
    await openWithContacts(page, people.slice(0, 3));
    await expect(page.getByRole('grid', { name: 'Lista de contactos' })).toBeVisible();
    await page.getByRole('columnheader', { name: 'Nombre' }).focus();
    // AG Grid says what a focused header does from a live region of its own.
    const description = page.locator('.ag-aria-description-container');
    await expect(description).toContainText('Pulsa Intro para ordenar');
    await expect(description).not.toContainText('Press');
  });

  test('names the keys in Spanish and lists the list keys', async ({ page }) => {
    await openWithContacts(page, people.slice(0, 3));
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Shift+?');
    const dialog = page.getByRole('dialog', { name: 'Atajos de teclado' });
    await expect(dialog).toBeVisible();
    const keys = await dialog.locator('kbd').allTextContents();
    for (const name of ['Espacio', 'Inicio', 'Fin', 'RePág', 'AvPág', 'Supr']) expect(keys).toContain(name);
    expect(keys).not.toContain('Space');
    expect(keys).not.toContain('Home');
  });
});

test.describe('undo message', () => {
  async function deleteFocusedRow(page: Page, row: number): Promise<void> {
    await cell(page, row).click();
    await page.keyboard.press('Delete');
    await page.getByRole('dialog', { name: 'Delete 1 contact?' }).getByRole('button', { name: 'Delete 1 contact' }).click();
  }

  test('waits while hovered or focused; its Undo is reachable by keyboard and by Ctrl+Z', async ({ page }) => {
    await page.clock.install();
    await openWithContacts(page, people.slice(0, 4));
    const toast = page.getByRole('status').filter({ hasText: '1 contact deleted' });

    await deleteFocusedRow(page, 0);
    await expect(toast).toBeVisible();
    await toast.hover();
    await page.clock.fastForward(30_000);
    await expect(toast).toBeVisible();
    await page.mouse.move(5, 5);
    await page.clock.fastForward(30_000);
    await expect(toast).toBeHidden();
    await expect(gridRows(page)).toHaveCount(3);

    await deleteFocusedRow(page, 0);
    await toast.getByRole('button', { name: 'Undo' }).focus();
    await page.clock.fastForward(30_000);
    await expect(toast).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(toast).toBeHidden();
    await expect(gridRows(page)).toHaveCount(3);

    await deleteFocusedRow(page, 0);
    await expect(toast).toBeVisible();
    await page.keyboard.press('Control+z');
    await expect(toast).toBeHidden();
    await expect(gridRows(page)).toHaveCount(3);
  });
});
