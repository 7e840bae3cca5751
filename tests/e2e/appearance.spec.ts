import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { gridRows, openWithContacts } from './fixtures';

/**
 * Dark mode (issue 19): the app follows the system's light or dark setting, Settings → General →
 * Appearance overrides it and is remembered, and AG Grid switches with the page. Each test also
 * saves screenshots of the main screens to its output folder, for a person to look at.
 */

const people = [
  { name: 'Carla Núñez', email: 'carla@example.com', phone: '+34612345679', company: 'Acme', city: 'Madrid', labels: ['vip'] },
  { name: 'Bruno Díaz', email: 'bruno@umbrella.mx', company: 'Umbrella', city: 'Monterrey' },
  { name: 'Ana Ruiz', email: 'ana@initech.co.uk', city: 'London' },
];
const labels = [{ title: 'vip', color: '#e5484d' }];

/** Relative luminance (WCAG) of an element's computed background colour; NaN when it has none. */
async function backgroundLuminance(locator: Locator): Promise<number> {
  const color = await locator.evaluate((element) => getComputedStyle(element).backgroundColor);
  const parts = color.match(/[\d.]+/g) ?? [];
  if (parts.length < 3 || parts[3] === '0') return Number.NaN;
  const [r, g, b] = parts.slice(0, 3).map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

const page_ = (page: Page) => page.locator('html');
const gridSurface = (page: Page) => page.locator('.ag-root-wrapper');

async function expectDark(page: Page): Promise<void> {
  await expect.poll(() => backgroundLuminance(page_(page))).toBeLessThan(0.05);
  await expect.poll(() => backgroundLuminance(gridSurface(page))).toBeLessThan(0.05);
}

async function expectLight(page: Page): Promise<void> {
  await expect.poll(() => backgroundLuminance(page_(page))).toBeGreaterThan(0.8);
  await expect.poll(() => backgroundLuminance(gridSurface(page))).toBeGreaterThan(0.8);
}

async function chooseAppearance(page: Page, choice: 'Same as the system' | 'Light' | 'Dark'): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('combobox', { name: 'Appearance' }).selectOption({ label: choice });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
}

/** The list, the contact panel, New contact, the filter builder and Settings, as PNGs in the test's output folder. */
async function screenshotScreens(page: Page, testInfo: TestInfo, scheme: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`list-${scheme}.png`) });
  await page.getByRole('button', { name: 'Carla Núñez' }).click();
  await expect(page.getByRole('complementary', { name: 'Contact details' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath(`contact-${scheme}.png`) });
  await page.getByRole('button', { name: 'New contact' }).first().click();
  await expect(page.getByRole('dialog', { name: 'New contact' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath(`new-contact-${scheme}.png`) });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Filter contacts' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath(`filter-${scheme}.png`) });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Filter contacts' })).toBeHidden();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath(`settings-${scheme}.png`) });
  await page.keyboard.press('Escape');
}

test.describe('system in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('the app and the grid are dark', async ({ page }, testInfo) => {
    await openWithContacts(page, people, labels);
    await expectDark(page);
    await screenshotScreens(page, testInfo, 'dark');
  });

  test('Light in Settings overrides the system, and is remembered', async ({ page }) => {
    await openWithContacts(page, people, labels);
    await chooseAppearance(page, 'Light');
    await expectLight(page);
    await page.reload();
    await expect(gridRows(page).first()).toBeVisible();
    await expectLight(page);
    await chooseAppearance(page, 'Same as the system');
    await expectDark(page);
  });
});

test.describe('system in light mode', () => {
  test.use({ colorScheme: 'light' });

  test('the app and the grid are light; Dark in Settings overrides it', async ({ page }, testInfo) => {
    await openWithContacts(page, people, labels);
    await expectLight(page);
    await screenshotScreens(page, testInfo, 'light');
    await chooseAppearance(page, 'Dark');
    await expectDark(page);
  });

  test('a change of the system setting is followed while the app is open', async ({ page }) => {
    await openWithContacts(page, people, labels);
    await expectLight(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectDark(page);
  });
});

test.describe('render error', () => {
  test('shows what happened with Reload instead of a blank window, and logs it', async ({ page }, testInfo) => {
    await openWithContacts(page, people, labels);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // A fault inside rendering: the contact panel formats its dates with Intl while it renders.
    await page.evaluate(() => {
      Intl.RelativeTimeFormat.prototype.format = () => {
        throw new Error('relative time format broke');
      };
    });
    await page.getByRole('button', { name: 'Carla Núñez' }).click();
    const alert = page.getByRole('alert');
    await expect(alert.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
    await expect(alert).toContainText('relative time format broke');
    await expect(alert.getByRole('button', { name: 'Reload' })).toBeFocused();
    await page.screenshot({ path: testInfo.outputPath('render-error.png') });
    expect(errors.some((text) => text.includes('Wintook Contacts render error') && text.includes('relative time format broke'))).toBe(true);
    await alert.getByRole('button', { name: 'Reload' }).click();
    await expect(gridRows(page).first()).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});
