import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { waitForApp } from './fixtures';

/**
 * Settings → "Server" against the project's real server (started here as `npm run server` starts it,
 * on a free port with a throwaway PGlite directory, always stopped): "Test connection" says
 * precisely what failed, "Connect" keeps the connection, "Disconnect" forgets it.
 */

let server: ChildProcess | null = null;
let dataDir = '';
let address = '';
let token = '';

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wintook-e2e-sync-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let text = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${text}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const listening = /Listening on (http:\/\/\S+)/.exec(text);
      const created = /API token: (\S+)/.exec(text);
      if (listening && created) {
        clearTimeout(timer);
        address = listening[1];
        token = created[1];
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`server exited:\n${text}`)));
  });
});

test.afterAll(async () => {
  const child = server;
  if (child && child.exitCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
