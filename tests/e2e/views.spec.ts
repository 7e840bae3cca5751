import { expect, test, type Locator, type Page } from '@playwright/test';
import { openWithContacts } from './fixtures';

/** Empty states and view titles (issue 19): one message when nothing matches; the view's name as its title. */

const people = [
  { name: 'Ana García', email: 'ana@example.com', labels: ['vip'] },
  { name: 'Bruno Díaz', email: 'bruno@example.com' },
];
const labels = [{ title: 'vip', color: '#e5484d' }];

const builder = (page: Page): Locator => page.getByRole('dialog', { name: 'Filter contacts' });

test('a search with no result says so once', async ({ page }) => {
  await openWithContacts(page, people, labels);
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('zzzz');
  await expect(page.getByRole('heading', { name: 'No contacts match “zzzz”' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^0 contacts$/ })).toBeVisible();
  // AG Grid's own "No contacts to show" no longer sits under ours.
  await expect(page.getByText('No contacts to show')).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveCount(1);
});

test('a label’s and a segment’s name are the view’s title, and the window’s', async ({ page }) => {
  await openWithContacts(page, people, labels);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contacts');
  await expect(page).toHaveTitle('Contacts · Wintook Contacts');

  await page.getByRole('navigation', { name: 'Contacts' }).getByRole('button', { name: /^vip, / }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tagged with “vip”');
  await expect(page).toHaveTitle('Tagged with “vip” · Wintook Contacts');
  await page.getByRole('button', { name: /^All contacts/ }).click();

  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  const first = builder(page).getByRole('group', { name: 'Condition 1', exact: true });
  await first.getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Labels' });
  await first.getByRole('button', { name: /^Value:/ }).click();
  await first.getByRole('group', { name: 'Value' }).getByRole('checkbox', { name: 'vip', exact: true }).check();
  await page.keyboard.press('Escape');
  await builder(page).getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('button', { name: 'Save filter' }).click();
  const save = page.getByRole('dialog', { name: 'Save filter as a segment' });
  await save.getByRole('textbox', { name: 'Segment name' }).fill('Clientes VIP');
  await save.getByRole('textbox', { name: 'Segment name' }).press('Enter');
  await expect(save).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Clientes VIP');
  await expect(page).toHaveTitle('Clientes VIP · Wintook Contacts');

  await page.getByRole('button', { name: /^All contacts/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contacts');
});
