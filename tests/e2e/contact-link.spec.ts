import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openWithContacts, waitForApp } from './fixtures';

/**
 * `wintook://contact/<id>` opens a contact in Electron; the web host takes the same id as
 * `?contact=<id>` and hands it to the renderer through the same HostApi event.
 */

const ANA_ID = '0b7e3c1e-5a4f-4c2a-9d1e-2f3a4b5c6d7e';

function panel(page: Page) {
  return page.getByRole('complementary', { name: 'Contact details' });
}

/** Screens for review, in the test output folder (`contact-link-screens/`). */
async function shot(page: Page, name: string): Promise<void> {
  const dir = join(test.info().project.outputDir, 'contact-link-screens');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

async function openAt(page: Page, search: string): Promise<void> {
  await page.goto(`/${search}`);
  await waitForApp(page);
}

test.describe('Opening a contact from a link', () => {
  test.beforeEach(async ({ page }) => {
    await openWithContacts(page, [
      { id: ANA_ID, name: 'Ana García', email: 'ana@example.com' },
      { name: 'Beto Ruiz', email: 'beto@example.com', serverId: 42 },
      { name: 'Carla Núñez', email: 'carla@example.com' },
    ]);
  });

  test('opens the contact named by the app’s own id', async ({ page }) => {
    await openAt(page, `?contact=${ANA_ID.toUpperCase()}`);
    await expect(panel(page).getByRole('heading', { name: 'Ana García' })).toBeVisible();
  });

  test('opens a synced contact named by the help desk’s id', async ({ page }) => {
    await openAt(page, '?contact=42');
    await expect(panel(page).getByRole('heading', { name: 'Beto Ruiz' })).toBeVisible();
    await shot(page, 'opened-by-server-id');
  });

  test('says the contact is not on this computer, and opens nothing', async ({ page }) => {
    await openAt(page, '?contact=43');
    await expect(page.getByRole('status').filter({ hasText: 'No contact with the help desk’s id 43 is on this computer yet.' })).toBeVisible();
    await expect(panel(page)).toBeHidden();
    await expect(page.getByRole('button', { name: 'Ana García' })).toBeVisible();
    await shot(page, 'not-on-this-computer');
  });

  test('says a link that names no contact is not a contact link, and shows none of its text', async ({ page }) => {
    await openAt(page, `?contact=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    await expect(page.getByRole('status').filter({ hasText: 'This link does not name a contact.' })).toBeVisible();
    await expect(panel(page)).toBeHidden();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.getByText('onerror')).toHaveCount(0);
  });
});

test.describe('Opening a contact from a link, in Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('says so in the user’s language when the contact is not here', async ({ page }) => {
    await openWithContacts(page, [{ name: 'Ana García' }]);
    await openAt(page, '?contact=43');
    await expect(
      page.getByRole('status').filter({ hasText: 'Todavía no hay en este ordenador ningún contacto con el id 43' }),
    ).toBeVisible();
  });
});
