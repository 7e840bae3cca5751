import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { dropCsv, openWithContacts } from './fixtures';

/**
 * axe-core with every WCAG 2.0–2.2 A/AA rule (issue 19) on each screen, in light and in dark: the
 * list, an open contact, New contact, the filter builder, the import's mapping, preview and report,
 * every Settings tab, Shortcuts, Export and New message. Serious and critical findings fail.
 */

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

const people = [
  { name: 'Carla Núñez', email: 'carla@example.com', phone: '+34612345679', company: 'Acme', city: 'Madrid', labels: ['vip'] },
  { name: 'Bruno Díaz', email: 'bruno@umbrella.mx', company: 'Umbrella', city: 'Monterrey' },
  { name: 'Ana Ruiz', email: 'ana@initech.co.uk', city: 'London' },
];
const labels = [{ title: 'vip', color: '#e5484d' }];

/** Serious and critical violations on what is on screen, as "screen: rule on selector: message". */
async function axeFailures(page: Page, screen: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map((node) => `${screen}: ${violation.id} on ${node.target.join(' ')}: ${node.failureSummary ?? violation.help}`),
    );
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`axe-core in ${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    test('the list, a contact, New contact, the filter builder, Shortcuts, Export and New message have no serious WCAG violation', async ({ page }) => {
      await openWithContacts(page, people, labels);
      const failures = await axeFailures(page, 'list');

      await page.getByRole('button', { name: 'Columns' }).click();
      await expect(page.getByRole('group', { name: 'Show columns' })).toBeVisible();
      failures.push(...(await axeFailures(page, 'columns')));
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Carla Núñez' }).click();
      const panel = page.getByRole('complementary', { name: 'Contact details' });
      await expect(panel.getByText('No notes yet.')).toBeVisible();
      failures.push(...(await axeFailures(page, 'contact')));

      await panel.getByRole('button', { name: 'New message' }).click();
      const compose = page.getByRole('dialog', { name: 'New message to Carla Núñez' });
      await expect(compose).toBeVisible();
      failures.push(...(await axeFailures(page, 'new message')));
      await page.keyboard.press('Escape');
      await expect(compose).toBeHidden();

      await page.getByRole('button', { name: 'New contact' }).first().click();
      await expect(page.getByRole('dialog', { name: 'New contact' })).toBeVisible();
      failures.push(...(await axeFailures(page, 'new contact')));
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Filter', exact: true }).click();
      await expect(page.getByRole('dialog', { name: 'Filter contacts' })).toBeVisible();
      failures.push(...(await axeFailures(page, 'filter')));
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog', { name: 'Filter contacts' })).toBeHidden();

      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      failures.push(...(await axeFailures(page, 'shortcuts')));
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();

      await page.getByRole('button', { name: 'Export' }).click();
      await expect(page.getByRole('dialog', { name: 'Export contacts' })).toBeVisible();
      failures.push(...(await axeFailures(page, 'export')));
      await page.keyboard.press('Escape');

      expect(failures).toEqual([]);
    });

    test('every Settings tab has no serious WCAG violation', async ({ page }) => {
      await openWithContacts(page, people, labels);
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Settings' });
      const failures: string[] = [];
      for (const tab of ['General', 'Labels', 'Custom attributes', 'Imports', 'Server']) {
        await dialog.getByRole('tab', { name: tab }).click();
        await expect(dialog.getByRole('tabpanel', { name: tab })).toBeVisible();
        failures.push(...(await axeFailures(page, `settings ${tab}`)));
      }
      expect(failures).toEqual([]);
    });

    test('the import’s mapping, preview and report have no serious WCAG violation', async ({ page }) => {
      await openWithContacts(page, people, labels);
      const csv = 'name;email;phone_number\nDora Vidal;dora@example.com;+34611111111\nEva Sanz;carla@example.com;\n';
      await dropCsv(page, 'people.csv', csv);
      const dialog = page.getByRole('dialog', { name: 'Import “people.csv”' });
      await expect(dialog.getByLabel('Import “email” as')).toHaveValue('field:email');
      const failures = await axeFailures(page, 'import mapping');
      await dialog.getByRole('button', { name: 'Preview import' }).click();
      await expect(dialog.getByLabel('What the import will do')).toBeVisible();
      failures.push(...(await axeFailures(page, 'import preview')));
      await dialog.getByRole('button', { name: 'Start import' }).click();
      const report = page.getByRole('dialog', { name: 'Import of “people.csv”' });
      await expect(report.getByLabel('What the import did')).toBeVisible({ timeout: 30_000 });
      failures.push(...(await axeFailures(page, 'import report')));
      expect(failures).toEqual([]);
    });
  });
}

test('Columns is a disclosure: it opens a group, moves focus into it, and Esc gives focus back', async ({ page }) => {
  await openWithContacts(page, people, labels);
  const button = page.getByRole('button', { name: 'Columns', exact: true });
  await expect(button).not.toHaveAttribute('aria-haspopup');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.click();
  const group = page.getByRole('group', { name: 'Show columns' });
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(button).toHaveAttribute('aria-controls', (await group.getAttribute('id')) ?? 'missing');
  await expect(group.getByRole('checkbox', { name: 'Email' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(group.getByRole('checkbox', { name: 'Email' })).not.toBeChecked();
  await expect(page.getByRole('columnheader', { name: 'Email' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(group).toBeHidden();
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
});
