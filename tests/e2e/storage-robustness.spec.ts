import { expect, test } from '@playwright/test';
import { gridRows, makeContact, openWithContacts, waitForApp, writeStored } from './fixtures';

/**
 * IndexedDB robustness (issue 17): a malformed stored record is set aside instead of stopping the
 * start, a full disk on New contact is said in the form, an upgrade held by an older window says so.
 */

test.describe('local database robustness', () => {
  test('a stored contact whose labels is not a list is set aside, the app starts, and Settings lists it', async ({ page }) => {
    await openWithContacts(page, [{ name: 'Ana Torres' }]);
    // Written behind the app's back, as a bug or an old version could.
    const broken = { ...makeContact({ id: '00000000-0000-4000-8000-00000000beef', name: 'Broken Row' }), labels: 'vip' };
    await writeStored(page, { put: { contacts: [broken] } });
    await page.reload();
    await waitForApp(page);
    await expect(gridRows(page)).toHaveCount(1);
    await expect(gridRows(page).first()).toContainText('Ana Torres');
    // Started again: still fine (the row is no longer among the contacts).
    await page.reload();
    await waitForApp(page);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    const report = settings.getByRole('region', { name: 'Damaged records' });
    await expect(report).toContainText('1 record could not be read and was set aside so the app could start.');
    await expect(report.getByRole('listitem')).toHaveText([/^Contact 00000000-0000-4000-8000-00000000beef: the field “labels” holds something the app cannot read/]);
    await page.screenshot({ path: 'test-results/storage-quarantine.png' });
  });

  test('a full disk on New contact shows a clear error in the form, keeps what was typed, and saves once there is room', async ({ page }) => {
    await openWithContacts(page, []);
    await page.getByRole('button', { name: 'New contact' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await dialog.getByLabel('Name', { exact: true }).fill('Quota Quintana');
    // Every IndexedDB write now fails as on a full disk.
    await page.evaluate(() => {
      const full = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      const saved = { add: IDBObjectStore.prototype.add, put: IDBObjectStore.prototype.put };
      Object.assign(window, { restoreDisk: () => Object.assign(IDBObjectStore.prototype, saved) });
      IDBObjectStore.prototype.add = full;
      IDBObjectStore.prototype.put = full;
    });
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('There is no room left on this disk for Wintook’s data, so nothing was saved. Free some space and try again: what you typed is still here.');
    await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('Quota Quintana');
    await page.screenshot({ path: 'test-results/storage-quota.png' });
    await page.evaluate(() => (window as unknown as { restoreDisk: () => void }).restoreDisk());
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect(dialog).toBeHidden();
    await expect(gridRows(page)).toHaveCount(1);
    await expect(gridRows(page).first()).toContainText('Quota Quintana');
  });

  test('an upgrade held by an older window says to close it, and the app opens once it is closed', async ({ page }) => {
    // Before the app's code runs: an "older Wintook" holds the database at schema version 1 and
    // ignores the request to close.
    await page.addInitScript(() => {
      const request = indexedDB.open('wintook-contacts', 10);
      request.onupgradeneeded = () => {
        const db = request.result;
        const contacts = db.createObjectStore('contacts', { keyPath: 'id' });
        for (const index of ['email', 'phone', 'identifier', 'serverId']) contacts.createIndex(index, index);
        db.createObjectStore('notes', { keyPath: 'id' }).createIndex('contactId', 'contactId');
        db.createObjectStore('labels', { keyPath: 'id' }).createIndex('title', 'title');
        db.createObjectStore('attributeDefinitions', { keyPath: 'id' }).createIndex('key', 'key');
        db.createObjectStore('segments', { keyPath: 'id' });
        db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('entityId', 'entityId');
        db.createObjectStore('syncState', { keyPath: 'key' });
        db.createObjectStore('importBatches', { keyPath: 'id' });
        db.createObjectStore('conflicts', { keyPath: 'id' }).createIndex('contactId', 'contactId');
      };
      request.onsuccess = () => {
        Object.assign(window, { olderWindow: request.result });
      };
    });
    await page.goto('/');
    await expect(page.getByRole('status')).toHaveText(
      'Wintook Contacts is open in another window with an older version, which holds the local database. Close the other Wintook window to continue.',
    );
    await page.screenshot({ path: 'test-results/storage-blocked.png' });
    await page.evaluate(() => (window as unknown as { olderWindow: IDBDatabase }).olderWindow.close());
    await waitForApp(page);
    await expect(page.getByRole('button', { name: 'New contact' }).first()).toBeVisible();
  });
});
