import { expect, test, type Page } from '@playwright/test';
import { columnTexts, gridRows, openWithContacts, storedRecords } from './fixtures';

/**
 * Block and unblock (issue 19): Chatwoot's `blocked`, from the contact panel and for the ticked
 * contacts, stored (so sync sends it like any field) and found with the Blocked filter.
 */

const people = [
  { name: 'Carla Núñez', email: 'carla@example.com' },
  { name: 'Bruno Díaz', email: 'bruno@example.com' },
  { name: 'Ana Ruiz', email: 'ana@example.com' },
];

const blockedNames = async (page: Page) =>
  (await storedRecords<{ name: string; blocked: boolean }>(page, 'contacts'))
    .filter((contact) => contact.blocked)
    .map((contact) => contact.name)
    .sort();

const panel = (page: Page) => page.getByRole('complementary', { name: 'Contact details' });

test('blocks and unblocks a contact from its panel, with Undo', async ({ page }, testInfo) => {
  await openWithContacts(page, people);
  await page.getByRole('button', { name: 'Carla Núñez' }).click();
  await panel(page).getByRole('button', { name: 'Block', exact: true }).click();
  await expect(page.getByText('Carla Núñez blocked')).toBeVisible();
  await expect(panel(page).getByText('Blocked', { exact: true })).toBeVisible();
  await expect.poll(() => blockedNames(page)).toEqual(['Carla Núñez']);
  await page.screenshot({ path: testInfo.outputPath('blocked-panel.png') });
  // A change like any other: queued for the server.
  const outbox = await storedRecords<{ op: string; changes: Record<string, unknown> }>(page, 'outbox');
  expect(outbox.some((entry) => entry.op === 'update' && entry.changes.blocked === true)).toBe(true);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => blockedNames(page)).toEqual([]);
  await expect(panel(page).getByRole('button', { name: 'Block', exact: true })).toBeVisible();

  await panel(page).getByRole('button', { name: 'Block', exact: true }).click();
  await panel(page).getByRole('button', { name: 'Unblock' }).click();
  await expect(page.getByText('Carla Núñez unblocked')).toBeVisible();
  await expect.poll(() => blockedNames(page)).toEqual([]);
  await expect(panel(page).getByText('Blocked', { exact: true })).toHaveCount(0);
});

test('blocks the ticked contacts at once, and the Blocked filter lists them', async ({ page }) => {
  await openWithContacts(page, people);
  for (const name of ['Carla Núñez', 'Ana Ruiz']) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
  const bar = page.getByRole('toolbar', { name: 'Selected contacts' });
  await bar.getByRole('button', { name: 'Block', exact: true }).click();
  await expect(page.getByText('2 contacts blocked')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('bulk-blocked.png') });
  await expect.poll(() => blockedNames(page)).toEqual(['Ana Ruiz', 'Carla Núñez']);

  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  const builder = page.getByRole('dialog', { name: 'Filter contacts' });
  const first = builder.getByRole('group', { name: 'Condition 1', exact: true });
  await first.getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Blocked' });
  await first.getByRole('combobox', { name: 'Value' }).selectOption({ label: 'True' });
  await builder.getByRole('button', { name: 'Submit' }).click();
  await expect(gridRows(page)).toHaveCount(2);
  await expect.poll(async () => (await columnTexts(page, 'name')).sort()).toEqual(['Ana Ruiz', 'Carla Núñez']);

  // The ticks stay after a bulk action, for the next one: untick Carla, keep Ana.
  await page.getByRole('checkbox', { name: 'Select Carla Núñez' }).uncheck();
  await expect(page.getByRole('checkbox', { name: 'Select Ana Ruiz' })).toBeChecked();
  await page.getByRole('toolbar', { name: 'Selected contacts' }).getByRole('button', { name: 'Unblock' }).click();
  await expect(page.getByText('1 contact unblocked')).toBeVisible();
  await expect.poll(() => blockedNames(page)).toEqual(['Carla Núñez']);
});
