import { expect, test, type Page } from '@playwright/test';
import { waitForApp } from './fixtures';
import { startServer, stopAllServers } from './server';

/**
 * Settings → "Server" against the project's real server (started as `npm run server` starts it,
 * on a free port with a throwaway PGlite directory, always stopped): "Test connection" says
 * precisely what failed, "Connect" keeps the connection, "Disconnect" forgets it.
 */

let address = '';
let token = '';

test.beforeAll(async () => {
  ({ url: address, token } = await startServer());
});

test.afterAll(async () => {
  await stopAllServers();
});

async function openServerSettings(page: Page) {
  await page.goto('/');
  await waitForApp(page);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('tab', { name: 'Server' }).click();
  return dialog;
}

test('Settings → Server tests, connects and disconnects', async ({ page }) => {
  const dialog = await openServerSettings(page);
  await expect(dialog.getByText('Not connected: contacts stay on this computer.')).toBeVisible();
  const url = dialog.getByLabel('Server URL');
  const account = dialog.getByLabel('Account ID');
  const secret = dialog.getByLabel('API access token');
  const testButton = dialog.getByRole('button', { name: 'Test connection' });

  await url.fill('not a url');
  await testButton.click();
  await expect(dialog.getByRole('alert')).toHaveText('Enter an address starting with http:// or https://.');

  // Nothing listens on port 9 (discard): unreachable.
  await url.fill('http://127.0.0.1:9');
  await secret.fill(token);
  await testButton.click();
  await expect(dialog.getByRole('alert')).toContainText('The server could not be reached.');

  await url.fill(address);
  await secret.fill('wrong-token');
  await testButton.click();
  await expect(dialog.getByRole('alert')).toContainText('The server refused the token.');
  // The server's own words are translated, not appended as "(Invalid Access Token)" (issue 19).
  await expect(dialog.getByRole('alert')).toContainText('(the access token is not valid or was revoked)');
  await expect(dialog.getByRole('alert')).not.toContainText('Invalid Access Token');

  await secret.fill(token);
  await account.fill('999');
  await testButton.click();
  await expect(dialog.getByRole('alert')).toContainText('The token is valid, but not for this account.');

  await account.fill('1');
  await testButton.click();
  await expect(dialog.getByRole('status')).toHaveText('Connection works. This server has the sync extension: fast, exact sync.');

  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(dialog.getByText(`Connected to ${address}, account 1.`)).toBeVisible();
  await expect(secret).toHaveValue('');
  await expect(dialog.getByText('A token is saved. Enter a new one only to replace it.')).toBeVisible();
  await page.screenshot({ path: `${test.info().project.outputDir}/sync-screens/server-connected.png` });

  // The connection survives a reload (web host: a dev/test host keeping it in localStorage).
  await page.reload();
  await waitForApp(page);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('tab', { name: 'Server' }).click();
  const again = page.getByRole('dialog', { name: 'Settings' });
  await expect(again.getByText(`Connected to ${address}, account 1.`)).toBeVisible();
  await again.getByRole('button', { name: 'Disconnect' }).click();
  await expect(again.getByText('Not connected: contacts stay on this computer.')).toBeVisible();
});
