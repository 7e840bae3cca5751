import { expect, test, type Locator, type Page } from '@playwright/test';
import { openWithContacts, storedSetting } from './fixtures';

/**
 * Layout on laptop screens (issue 19): at 1366×768 and 1280×720, in English and Spanish, a typical
 * contact (a 25-character name, a 30-character email, a formatted phone) is shown whole, every
 * header reads in full, the Labels column is on screen and the sidebar's items and counts are not
 * cut. Screenshots go to the test's output folder for a person to look at.
 */

const TYPICAL = {
  name: 'Mariana Fernández Gutiérr', // 25 characters
  email: 'mariana.fernandez@acmecorp.com', // 30 characters
  phone: '+34612345678', // shown as +34 612 34 56 78
  company: 'Industrias Ferrer SL',
  city: 'San Sebastián',
  countryCode: 'ES',
  country: 'Spain',
  labels: ['cliente-vip'],
  // Last activity in its widest forms: minutes ago here, a September date (the longest month
  // abbreviation) below; 'hace 14 minutos' was cut at 1366 px before the list used short forms.
  lastActivityAt: Date.now() - 59 * 60_000,
};
const people = [
  TYPICAL,
  { name: 'Bruno Díaz', email: 'bruno@umbrella.mx', company: 'Umbrella', city: 'Monterrey', lastActivityAt: Date.UTC(2026, 8, 28, 12) },
];
const labels = [{ title: 'cliente-vip', color: '#e5484d' }];

/** True when an element in it that holds text shows less than that text (an ellipsis or a clip). */
async function isCut(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) =>
    [element, ...element.querySelectorAll('*')].some(
      (node) =>
        [...node.childNodes].some(
          (child) => child.nodeType === Node.TEXT_NODE && (child.textContent ?? '').trim() !== '',
        ) && node.scrollWidth > node.clientWidth + 1,
    ),
  );
}

/** The part of a locator's box outside the grid's visible area, in pixels (0 when it is all inside). */
async function overflowRight(page: Page, locator: Locator): Promise<number> {
  const grid = await page.getByRole('grid').boundingBox();
  const box = await locator.boundingBox();
  if (!grid || !box) return Number.POSITIVE_INFINITY;
  return Math.max(0, box.x + box.width - (grid.x + grid.width));
}

const sizes = [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
];
const languages = [
  { locale: 'en-US', allContacts: 'All contacts', labelsHeader: 'Labels' },
  { locale: 'es-ES', allContacts: 'Todos los contactos', labelsHeader: 'Etiquetas' },
];

for (const size of sizes) {
  for (const language of languages) {
    test.describe(`${size.width}×${size.height} in ${language.locale}`, () => {
      test.use({ viewport: size, locale: language.locale });

      test('a typical contact, the headers, the Labels column and the sidebar are shown whole', async ({
        page,
      }, testInfo) => {
        await openWithContacts(page, people, labels);
        const row = page
          .getByRole('row')
          .filter({ has: page.getByRole('gridcell', { name: TYPICAL.name, exact: true }) });
        await expect(row).toBeVisible();
        await page.screenshot({ path: testInfo.outputPath(`list-${size.width}-${language.locale}.png`) });

        // Company too where it is on screen; at 1280 px it is past the right edge (the grid scrolls sideways).
        const typical = [
          TYPICAL.name,
          TYPICAL.email,
          '+34 612 34 56 78',
          ...(size.width >= 1366 ? [TYPICAL.company] : []),
        ];
        for (const text of typical) {
          const cell = row.getByRole('gridcell', { name: text, exact: true });
          await expect(cell).toBeVisible();
          expect(await isCut(cell), `${text} is cut`).toBe(false);
        }
        for (const time of await page.locator('[col-id="lastActivityAt"] time').all()) {
          expect(await isCut(time), `last activity ${await time.textContent()} is cut`).toBe(false);
        }
        expect(await page.locator('[col-id="lastActivityAt"] time').count()).toBe(2);
        const headers = page.getByRole('columnheader');
        for (const header of await headers.all()) {
          const name = (await header.textContent())?.trim() ?? '';
          if (name === '') continue;
          expect(await isCut(header), `header ${name} is cut`).toBe(false);
        }
        const labelsHeader = page.getByRole('columnheader', { name: language.labelsHeader });
        await expect(labelsHeader).toBeVisible();
        expect(await overflowRight(page, labelsHeader)).toBe(0);
        expect(await overflowRight(page, row.getByRole('gridcell', { name: 'cliente-vip' }))).toBe(0);

        const sidebar = page.getByRole('navigation').first();
        const allContacts = sidebar.getByRole('button', { name: new RegExp(`^${language.allContacts}`) });
        expect(await isCut(allContacts), `${language.allContacts} is cut`).toBe(false);
        await expect(allContacts).toContainText('2');
        const label = sidebar.getByRole('button', { name: /^cliente-vip, / });
        expect(await isCut(label)).toBe(false);
        await expect(label).toContainText('1');
      });
    });
  }
}

test.describe('a width the user chose', () => {
  test.use({ viewport: sizes[0] });

  test('is kept across restarts instead of the first view’s typical width', async ({ page }) => {
    await openWithContacts(page, people, labels);
    const email = page.getByRole('columnheader', { name: 'Email' });
    const before = await email.boundingBox();
    if (!before) throw new Error('no Email header');
    const shownWidth = async () => Math.round((await email.boundingBox())?.width ?? 0);
    // AG Grid's resize handle is the header's right edge. Under load a drag can start before the
    // header listens (seen once in CI: the width never changed); the drag is then made again, as a
    // user would. What is tested is what happens to a width once chosen.
    await expect(async () => {
      const from = await email.boundingBox();
      if (!from) throw new Error('no Email header');
      await page.mouse.move(from.x + from.width - 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width + 80, from.y + from.height / 2, { steps: 8 });
      await page.mouse.up();
      expect(await shownWidth()).toBeGreaterThan(before.width + 60);
    }).toPass({ timeout: 20_000 });
    const savedWidth = async () => {
      const columns = ((await storedSetting(page, 'grid.columns')) ?? []) as {
        colId: string;
        width?: number;
      }[];
      return Math.round(columns.find((column) => column.colId === 'email')?.width ?? 0);
    };
    // The drag ends in a width the grid shows and then saves, shortly after; a reload before that
    // would lose it. Wait until what is shown is wider and is what was saved (a reading taken
    // mid-drag or before the save is not the width the user chose). Within a pixel: the header's box
    // and the saved column width round differently.
    await expect
      .poll(async () =>
        (await shownWidth()) > before.width + 60 && Math.abs((await shownWidth()) - (await savedWidth())) <= 1
          ? 'saved'
          : 'not yet',
      )
      .toBe('saved');
    const chosen = await shownWidth();
    await page.reload();
    await expect(email).toBeVisible();
    await expect.poll(async () => Math.abs((await shownWidth()) - chosen)).toBeLessThanOrEqual(1);
  });
});
