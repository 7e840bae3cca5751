import { expect, test } from '@playwright/test';
import { openWithContacts } from './fixtures';

/**
 * Contact text is displayed inside bidi isolation (issue 17): right-to-left text in one cell or in
 * the panel's title cannot reorder the text beside it.
 */
test('names with right-to-left text are shown isolated in the grid and in the contact panel', async ({ page }) => {
  await openWithContacts(page, [{ name: 'שלום Ana', email: 'ana@x.test' }]);
  const nameCell = page.getByRole('gridcell', { name: 'שלום Ana', exact: true });
  await expect(nameCell).toBeVisible();
  const emailCell = page.getByRole('gridcell', { name: 'ana@x.test', exact: true });
  for (const cell of [nameCell, emailCell]) {
    expect(await cell.evaluate((element) => getComputedStyle(element.querySelector('.ag-cell-value') ?? element).unicodeBidi)).toBe('isolate');
  }
  await nameCell.getByRole('link', { name: 'שלום Ana' }).or(nameCell.getByRole('button', { name: 'שלום Ana' })).first().click();
  const title = page.getByRole('complementary', { name: 'Contact details' }).getByRole('heading', { name: 'שלום Ana' });
  await expect(title).toBeVisible();
  expect(await title.evaluate((element) => getComputedStyle(element).unicodeBidi)).toBe('isolate');
  await page.screenshot({ path: 'test-results/contact-text-isolation.png' });
});
