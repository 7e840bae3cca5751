import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropCsv, openWithContacts } from './fixtures';

/**
 * axe-core with every WCAG 2.0–2.2 A/AA rule (issue 19) on each screen, in light and in dark: the
 * list, an open contact, New contact, the filter builder, the import's mapping, preview and report,
 * every Settings tab, Shortcuts, Export and New message. Serious and critical findings fail. In English
 * and in Spanish (the names the test looks for come from the app's own translation files), with a
 * blocked contact so its badge is checked too.
 */

type Language = 'en' | 'es';
const LOCALES = { en: 'en-US', es: 'es-ES' } as const;
const localesDir = join(import.meta.dirname, '../../src/renderer/src/i18n/locales');

/** The UI text of `namespace:dotted.key` in `language`, with {{name}} placeholders filled. */
function text(language: Language, key: string, values: Record<string, string> = {}): string {
  const [namespace, path] = key.split(':') as [string, string];
  let node: unknown = JSON.parse(readFileSync(join(localesDir, language, `${namespace}.json`), 'utf8'));
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`no text ${key} in ${language}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

const people = [
  {
    name: 'Carla Núñez',
    email: 'carla@example.com',
    phone: '+34612345679',
    company: 'Acme',
    city: 'Madrid',
    labels: ['vip'],
  },
  { name: 'Bruno Díaz', email: 'bruno@umbrella.mx', company: 'Umbrella', city: 'Monterrey' },
  { name: 'Ana Ruiz', email: 'ana@initech.co.uk', city: 'London' },
  { name: 'Bea Blanco', email: 'bea@example.org', blocked: true },
];
const labels = [{ title: 'vip', color: '#e5484d' }];

/**
 * Every screen axe checks is also kept as a picture, `<output dir>/screens/<mode>-<language>-<screen>.png`
 * (at 1366×768), for a person to look at: what axe cannot judge (cut-off text, stray English).
 */
function screenshotPath(screen: string): string {
  const info = test.info();
  const where = (info.titlePath.find((part) => part.startsWith('axe-core in ')) ?? 'other').replace(
    'axe-core in ',
    '',
  );
  const slug = `${where}-${screen}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return join(info.project.outputDir, 'screens', `${slug}.png`);
}

/** Serious and critical violations on what is on screen, as "screen: rule on selector: message". */
async function axeFailures(page: Page, screen: string): Promise<string[]> {
  await page.screenshot({ path: screenshotPath(screen) });
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${screen}: ${violation.id} on ${node.target.join(' ')}: ${node.failureSummary ?? violation.help}`,
      ),
    );
}

for (const language of ['en', 'es'] as const) {
  const t = (key: string, values?: Record<string, string>) => text(language, key, values);
  for (const scheme of ['light', 'dark'] as const) {
    test.describe(`axe-core in ${scheme} mode, ${language === 'en' ? 'English' : 'Spanish'}`, () => {
      test.use({ colorScheme: scheme, locale: LOCALES[language], viewport: { width: 1366, height: 768 } });
      // Each test runs axe on up to nine screens and keeps a picture of each: minutes, not seconds, on a loaded machine.
      test.describe.configure({ timeout: 180_000 });

      test('the list, a contact, New contact, the filter builder, Shortcuts, Export and New message have no serious WCAG violation', async ({
        page,
      }) => {
        await openWithContacts(page, people, labels);
        const failures = await axeFailures(page, 'list');

        await page.getByRole('button', { name: t('common:contacts.columns') }).click();
        await expect(page.getByRole('group', { name: t('common:contacts.columnsMenu') })).toBeVisible();
        failures.push(...(await axeFailures(page, 'columns')));
        await page.keyboard.press('Escape');

        await page.getByRole('button', { name: 'Bea Blanco' }).click();
        const panel = page.getByRole('complementary', { name: t('contact:panel.label') });
        await expect(panel.getByText(t('contact:blocking.badge'), { exact: true })).toBeVisible();
        failures.push(...(await axeFailures(page, 'blocked contact')));

        await page.getByRole('button', { name: 'Carla Núñez' }).click();
        await expect(panel.getByText(t('notes:empty'))).toBeVisible();
        failures.push(...(await axeFailures(page, 'contact')));

        await panel.getByRole('button', { name: t('messages:newMessage') }).click();
        const compose = page.getByRole('dialog', { name: t('messages:title', { name: 'Carla Núñez' }) });
        await expect(compose).toBeVisible();
        failures.push(...(await axeFailures(page, 'new message')));
        await page.keyboard.press('Escape');
        await expect(compose).toBeHidden();

        await page
          .getByRole('button', { name: t('contact:newContact') })
          .first()
          .click();
        await expect(page.getByRole('dialog', { name: t('contact:newContact') })).toBeVisible();
        failures.push(...(await axeFailures(page, 'new contact')));
        await page.keyboard.press('Escape');

        await page.getByRole('button', { name: t('filters:filter'), exact: true }).click();
        await expect(page.getByRole('dialog', { name: t('filters:filterTitle') })).toBeVisible();
        failures.push(...(await axeFailures(page, 'filter')));
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog', { name: t('filters:filterTitle') })).toBeHidden();

        await page.getByRole('button', { name: t('common:nav.shortcuts') }).click();
        await expect(page.getByRole('dialog', { name: t('common:shortcuts.title') })).toBeVisible();
        failures.push(...(await axeFailures(page, 'shortcuts')));
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog', { name: t('common:shortcuts.title') })).toBeHidden();

        await page.getByRole('button', { name: t('import:export') }).click();
        await expect(page.getByRole('dialog', { name: t('import:exportTitle') })).toBeVisible();
        failures.push(...(await axeFailures(page, 'export')));
        await page.keyboard.press('Escape');

        expect(failures).toEqual([]);
      });

      test('every Settings tab has no serious WCAG violation', async ({ page }) => {
        await openWithContacts(page, people, labels);
        await page.getByRole('button', { name: t('common:nav.settings'), exact: true }).click();
        const dialog = page.getByRole('dialog', { name: t('common:settings.title') });
        const failures: string[] = [];
        for (const tab of [
          t('settings:sections.general'),
          t('settings:sections.labels'),
          t('settings:sections.attributes'),
          t('settings:sections.imports'),
          t('sync:section'),
        ]) {
          await dialog.getByRole('tab', { name: tab }).click();
          await expect(dialog.getByRole('tabpanel', { name: tab })).toBeVisible();
          failures.push(...(await axeFailures(page, `settings ${tab}`)));
        }
        expect(failures).toEqual([]);
      });

      test('the import’s mapping, preview and report have no serious WCAG violation', async ({ page }) => {
        await openWithContacts(page, people, labels);
        const csv =
          'name;email;phone_number\nDora Vidal;dora@example.com;+34611111111\nEva Sanz;carla@example.com;\n';
        await dropCsv(page, 'people.csv', csv);
        const dialog = page.getByRole('dialog', { name: t('import:title', { file: 'people.csv' }) });
        await expect(dialog.getByLabel(t('import:importAsFor', { column: 'email' }))).toHaveValue(
          'field:email',
        );
        const failures = await axeFailures(page, 'import mapping');
        await dialog.getByRole('button', { name: t('import:previewButton') }).click();
        await expect(dialog.getByLabel(t('import:totalsLabel'))).toBeVisible();
        failures.push(...(await axeFailures(page, 'import preview')));
        await dialog.getByRole('button', { name: t('import:start') }).click();
        const report = page.getByRole('dialog', { name: t('import:reportTitle', { file: 'people.csv' }) });
        await expect(report.getByLabel(t('import:reportLabel'))).toBeVisible({ timeout: 30_000 });
        failures.push(...(await axeFailures(page, 'import report')));
        expect(failures).toEqual([]);
      });
    });
  }
}

test('Columns is a disclosure: it opens a group, moves focus into it, and Esc gives focus back', async ({
  page,
}) => {
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
