import { expect, test } from '@playwright/test';
import { columnTexts, gridRows, openWithContacts, storedSetting, waitForApp } from './fixtures';

const HOUR = 3_600_000;

const people = [
  { name: 'Nube Torres', email: 'nube@acme.es', phone: '+34612345678', company: 'Acme', city: 'Madrid', country: 'España', labels: ['vip'], lastActivityAt: Date.now() - 2 * HOUR },
  { name: 'Ñandú Pérez', email: 'nandu@globex.com', phone: '+15417543010', company: 'globex', city: 'Austin', country: 'United States', labels: ['lead'], lastActivityAt: Date.now() - 30 * 24 * HOUR },
  { name: 'Ángel Muñoz', email: 'angel@initech.co.uk', phone: '+447911123456', company: 'Initech', city: 'London', country: 'United Kingdom', labels: ['vip', 'lead'], lastActivityAt: null },
  { name: 'angela Ruiz', email: null, phone: '+4915112345678', company: null, city: 'Berlin', country: 'Germany', labels: [], lastActivityAt: Date.now() - 5 * HOUR },
  { name: 'Bruno Díaz', email: 'bruno@umbrella.mx', phone: null, company: 'Umbrella', city: null, country: 'México', identifier: 'CRM-7', labels: ['vip'], lastActivityAt: Date.now() - 3 * 24 * HOUR },
];

test.describe('contacts grid', () => {
  test('says plainly when there are no contacts', async ({ page }) => {
    await page.goto('/');
    await waitForApp(page);
    await expect(page.getByRole('heading', { name: 'No contacts yet' })).toBeVisible();
    await expect(page.getByText('import from a CSV file')).toBeVisible();
    await expect(page.getByRole('button', { name: /All contacts/ })).toContainText('0');
  });

  test('lists contacts with their columns and counts', async ({ page }) => {
    await openWithContacts(page, people, [
      { title: 'vip', color: '#e5484d' },
      { title: 'lead', color: '#2f6fde' },
    ]);
    await expect(page.getByRole('status').filter({ hasText: 'contacts' })).toHaveText('5 contacts');
    for (const header of ['Name', 'Email', 'Phone number', 'Labels', 'Last activity', 'Company']) {
      await expect(page.getByRole('columnheader', { name: header })).toBeVisible();
    }
    // Typical widths make the columns wider than the window: the rest are a sideways scroll away.
    const grid = await page.getByRole('grid', { name: 'Contacts list' }).boundingBox();
    await page.mouse.move((grid?.x ?? 0) + 300, (grid?.y ?? 0) + 100);
    await page.mouse.wheel(800, 0);
    for (const header of ['City', 'Country', 'Created at']) {
      await expect(page.getByRole('columnheader', { name: header })).toBeVisible();
    }
    await page.mouse.wheel(-800, 0);
    // Default: most recent activity first, never-active last.
    expect(await columnTexts(page, 'name')).toEqual(['Nube Torres', 'angela Ruiz', 'Bruno Díaz', 'Ñandú Pérez', 'Ángel Muñoz']);
    expect(await columnTexts(page, 'lastActivityAt')).toEqual(['2 hr. ago', '5 hr. ago', '3 days ago', expect.stringMatching(/\d{4}/), 'Never']);
    // Exact time on hover.
    await expect(page.locator('.ag-row[row-index="0"] [col-id="lastActivityAt"] time')).toHaveAttribute('title', /\d{4}.*\d{1,2}:\d{2}/);
    expect(await columnTexts(page, 'phone')).toContain('+34 612 34 56 78');
  });

  test('sorts by name ignoring case and accents, ñ after n, empties last', async ({ page }) => {
    await openWithContacts(page, [...people, { name: '', email: 'noname@x.io' }]);
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
    expect(await columnTexts(page, 'name')).toEqual(['Ángel Muñoz', 'angela Ruiz', 'Bruno Díaz', 'Nube Torres', 'Ñandú Pérez', 'noname@x.io']);
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
    expect(await columnTexts(page, 'name')).toEqual(['Ñandú Pérez', 'Nube Torres', 'Bruno Díaz', 'angela Ruiz', 'Ángel Muñoz', 'noname@x.io']);
  });

  test('sorts phone numbers numerically and dates chronologically', async ({ page }) => {
    await openWithContacts(page, people);
    await page.getByRole('columnheader', { name: 'Phone number' }).click();
    expect(await columnTexts(page, 'name')).toEqual(['Ñandú Pérez', 'Nube Torres', 'Ángel Muñoz', 'angela Ruiz', 'Bruno Díaz']);
    await page.getByRole('columnheader', { name: 'Last activity' }).click();
    expect(await columnTexts(page, 'name')).toEqual(['Ñandú Pérez', 'Bruno Díaz', 'angela Ruiz', 'Nube Torres', 'Ángel Muñoz']);
  });

  test('remembers the sort and hidden columns across restarts', async ({ page }) => {
    await openWithContacts(page, people);
    await page.getByRole('columnheader', { name: 'Company' }).click();
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'City' }).uncheck();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('columnheader', { name: 'City' })).toHaveCount(0);
    // Column state is saved shortly after a change; wait for both changes to land before restarting
    // (every saved state lists the city column, hidden or not: the sort and `hide` must be there).
    await expect
      .poll(async () => {
        const columns = ((await storedSetting(page, 'grid.columns')) ?? []) as { colId: string; sort?: string | null; hide?: boolean }[];
        const company = columns.find((column) => column.colId === 'company');
        const city = columns.find((column) => column.colId === 'city');
        return `company:${company?.sort ?? 'none'} city:${city?.hide ? 'hidden' : 'shown'}`;
      })
      .toBe('company:asc city:hidden');
    await page.reload();
    await waitForApp(page);
    await expect(page.getByRole('columnheader', { name: 'Company' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(page.getByRole('columnheader', { name: 'City' })).toHaveCount(0);
    expect(await columnTexts(page, 'name')).toEqual(['Nube Torres', 'Ñandú Pérez', 'Ángel Muñoz', 'Bruno Díaz', 'angela Ruiz']);
  });

  test('searches as you type over name, email, phone, identifier and company', async ({ page }) => {
    await openWithContacts(page, people);
    const search = page.getByRole('searchbox', { name: 'Search contacts' });
    await expect(search).toHaveAttribute('placeholder', 'Search contacts');
    await search.pressSequentially('munoz');
    await expect(gridRows(page)).toHaveCount(1);
    expect(await columnTexts(page, 'name')).toEqual(['Ángel Muñoz']);
    await expect(page.getByRole('status').filter({ hasText: 'contact' })).toHaveText('1 contact');
    await search.fill('crm-7');
    await expect.poll(() => columnTexts(page, 'name')).toEqual(['Bruno Díaz']);
    await search.fill('612 345');
    await expect.poll(() => columnTexts(page, 'name')).toEqual(['Nube Torres']);
    await search.fill('GLOBEX');
    await expect.poll(() => columnTexts(page, 'name')).toEqual(['Ñandú Pérez']);
    await search.fill('zzz');
    await expect(page.getByRole('heading', { name: 'No contacts match “zzz”' })).toBeVisible();
    await search.press('Escape');
    await expect(search).toHaveValue('');
    await expect(gridRows(page)).toHaveCount(5);
  });

  test('shows only the contacts of a label picked under "Tagged with"', async ({ page }) => {
    await openWithContacts(page, people, [{ title: 'vip', color: '#e5484d' }]);
    const tagged = page.getByRole('list', { name: 'Tagged with' });
    await expect(tagged.getByRole('button', { name: 'vip, 3 contacts' })).toBeVisible();
    await expect(tagged.getByRole('button', { name: 'lead, 2 contacts' })).toBeVisible();
    await tagged.getByRole('button', { name: 'vip, 3 contacts' }).click();
    await expect(page.getByRole('heading', { name: 'Tagged with “vip”' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'contacts' })).toHaveText('3 contacts');
    expect((await columnTexts(page, 'name')).sort()).toEqual(['Bruno Díaz', 'Nube Torres', 'Ángel Muñoz']);
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('bruno');
    await expect.poll(() => columnTexts(page, 'name')).toEqual(['Bruno Díaz']);
    await page.getByRole('button', { name: /All contacts/ }).click();
    await expect(page.getByRole('main').getByRole('heading', { name: 'Contacts', exact: true })).toBeVisible();
  });

  test('shows names and labels containing HTML as text and runs nothing', async ({ page }) => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    await openWithContacts(page, [
      { name: hostile, email: 'evil@x.io', company: '<script>window.__pwned=2</script>', labels: ['<b>bold</b>'] },
    ]);
    expect(await columnTexts(page, 'name')).toEqual([hostile]);
    expect(await columnTexts(page, 'company')).toEqual(['<script>window.__pwned=2</script>']);
    await expect(page.getByRole('button', { name: /<b>bold<\/b>/ })).toBeVisible();
    expect(await page.locator('.ag-root img, nav img, .ag-root b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});

test.describe('keyboard', () => {
  test('focuses search with / and Ctrl+F, moves into the grid with arrows', async ({ page }) => {
    await openWithContacts(page, people);
    const search = page.getByRole('searchbox', { name: 'Search contacts' });
    await page.locator('body').click();
    await page.keyboard.press('/');
    await expect(search).toBeFocused();
    await expect(search).toHaveValue('');
    await page.locator('body').click();
    await page.keyboard.press('Control+f');
    await expect(search).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('.ag-row[row-index="0"] .ag-cell-focus')).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('.ag-row[row-index="1"] .ag-cell-focus')).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('.ag-row[row-index="1"] .ag-cell-focus')).toHaveAttribute('col-id', 'name');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('.ag-row[row-index="1"] .ag-cell-focus')).toHaveAttribute('col-id', 'email');
  });

  test('? opens the keyboard shortcuts dialog listing every shortcut, Esc closes it', async ({ page }) => {
    await openWithContacts(page, people);
    await page.locator('body').click();
    await page.keyboard.press('Shift+?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText('Search contacts')).toBeVisible();
    await expect(dialog.locator('dd').first()).toContainText('Ctrl');
    await expect(dialog.getByText('Show keyboard shortcuts')).toBeVisible();
    await expect(dialog.getByText('Move through the list')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    // Typing "?" in the search box is a question mark, not a shortcut.
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('');
    await page.getByRole('searchbox', { name: 'Search contacts' }).press('Shift+?');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('searchbox', { name: 'Search contacts' })).toHaveValue('?');
  });
});

test.describe('language', () => {
  test('switches to Spanish in settings and remembers it', async ({ page }) => {
    await openWithContacts(page, people);
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await expect(page.getByRole('dialog', { name: 'Ajustes' })).toBeVisible();
    await page.getByRole('button', { name: 'Hecho' }).click();
    await expect(page.getByRole('heading', { name: 'Etiquetado con' })).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Buscar contactos' })).toHaveAttribute('placeholder', 'Buscar contactos');
    await expect(page.getByRole('columnheader', { name: 'Nombre' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'contactos' })).toHaveText('5 contactos');
    await page.reload();
    await waitForApp(page);
    await expect(page.getByRole('button', { name: /Todos los contactos/ })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  });
});

test.describe('Spanish system locale', () => {
  test.use({ locale: 'es-ES' });
  test('starts in Spanish when the system is in Spanish', async ({ page }) => {
    await page.goto('/');
    await waitForApp(page);
    await expect(page.getByRole('heading', { name: 'Aún no hay contactos' })).toBeVisible();
    await expect(page.getByRole('main').getByRole('heading', { name: 'Contactos', exact: true })).toBeVisible();
  });
});

test.describe('custom attribute columns', () => {
  test('can be shown from the Columns menu and sort by their type', async ({ page }) => {
    await openWithContacts(
      page,
      [
        { name: 'Ten', email: 'ten@x.io', customAttributes: { seats: 10 } } as never,
        { name: 'Nine', email: 'nine@x.io', customAttributes: { seats: 9 } } as never,
        { name: 'Hundred', email: 'hundred@x.io', customAttributes: { seats: 100 } } as never,
      ],
      [],
      [{ key: 'seats', displayName: 'Seats', type: 'number' }],
    );
    await expect(page.getByRole('columnheader', { name: 'Seats' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Seats' }).check();
    await page.keyboard.press('Escape');
    await page.getByRole('columnheader', { name: 'Seats' }).click();
    expect(await columnTexts(page, 'attr:seats')).toEqual(['9', '10', '100']);
  });
});
