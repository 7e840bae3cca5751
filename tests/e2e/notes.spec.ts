import { expect, test, type Locator, type Page } from '@playwright/test';
import { columnTexts, openWithContacts, storedRecords, writeStored } from './fixtures';

/**
 * Contact notes (issue 6): adding with the button and with $mod+Enter, formatting with the toolbar,
 * shortcuts and Markdown-style typing, editing in place, deleting after confirmation, pasting
 * hostile HTML, and that nothing in a note can run script. Linux: $mod is Ctrl.
 */

interface StoredNote {
  id: string;
  contactId: string;
  bodyMarkdown: string;
  bodySlate: unknown;
  author: { name: string };
}
interface StoredOutbox {
  entity: string;
  op: string;
  entityId: string;
  changes: Record<string, unknown>;
}

const CONTACT_ID = '00000000-0000-4000-8000-0000000000a1';

async function openContact(page: Page): Promise<Locator> {
  await openWithContacts(page, [{ id: CONTACT_ID, name: 'Ana Torres', email: 'ana@example.com' }]);
  await page.getByRole('button', { name: 'Ana Torres' }).first().click();
  const sidebar = page.getByRole('complementary', { name: 'Contact details' });
  await expect(sidebar).toBeVisible();
  return sidebar;
}

const composer = (sidebar: Locator) => sidebar.getByRole('textbox', { name: 'New note' });
const noteList = (sidebar: Locator) => sidebar.getByRole('list', { name: 'Notes' });
const notes = (sidebar: Locator) => noteList(sidebar).getByRole('article');

async function storedNotes(page: Page): Promise<StoredNote[]> {
  return storedRecords<StoredNote>(page, 'notes');
}

/** Watches for any script a note might smuggle in: alerts, and a global the payloads set. */
async function armScriptTrap(page: Page): Promise<() => Promise<void>> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return async () => {
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  };
}

test('adds a note with the Add button; the editor clears once saved and an empty note cannot be added', async ({ page }) => {
  const sidebar = await openContact(page);
  const add = sidebar.getByRole('button', { name: 'Add', exact: true });
  await expect(add).toBeDisabled();
  await expect(sidebar.getByText('No notes yet.')).toBeVisible();

  await composer(sidebar).click();
  await page.keyboard.type('   ');
  await expect(add).toBeDisabled();
  await page.keyboard.press('Control+Enter');
  expect(await storedNotes(page)).toEqual([]);

  await page.keyboard.type('Call back on Monday');
  await expect(add).toBeEnabled();
  await add.click();

  await expect(notes(sidebar)).toHaveCount(1);
  const note = notes(sidebar).first();
  await expect(note).toHaveAccessibleName('Note by You');
  await expect(note).toContainText('Call back on Monday');
  await expect(note.locator('time')).toHaveText('now');
  await expect(note.locator('time')).toHaveAttribute('title', /\d{4}/);
  await expect(composer(sidebar)).not.toContainText('Call back');
  await expect(add).toBeDisabled();

  const [stored] = await storedNotes(page);
  expect(stored).toMatchObject({ contactId: CONTACT_ID, bodyMarkdown: 'Call back on Monday', author: { name: 'You' } });
  const outbox = await storedRecords<StoredOutbox>(page, 'outbox');
  expect(outbox.filter((row) => row.entity === 'note')).toMatchObject([{ op: 'create', entityId: stored!.id, changes: { bodyMarkdown: 'Call back on Monday' } }]);
});

test('a note the store refuses stays in the editor with the reason shown', async ({ page }) => {
  const sidebar = await openContact(page);
  await composer(sidebar).click();
  await composer(sidebar).evaluate((element) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'x'.repeat(20_001));
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await sidebar.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(sidebar.getByRole('alert')).toHaveText('A note can hold at most 20,000 characters.');
  expect(await composer(sidebar).evaluate((element) => element.textContent?.length)).toBe(20_001);
  expect(await storedNotes(page)).toEqual([]);
});

test('a half-written note survives closing the sidebar', async ({ page }) => {
  const sidebar = await openContact(page);
  await composer(sidebar).click();
  await page.keyboard.type('half a thought');
  await page.getByRole('button', { name: 'Close' }).first().click();
  await expect(sidebar).toBeHidden();
  await page.getByRole('button', { name: 'Ana Torres' }).first().click();
  await expect(composer(sidebar)).toContainText('half a thought');
  await sidebar.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(notes(sidebar).first()).toContainText('half a thought');
  await page.getByRole('button', { name: 'Close' }).first().click();
  await page.getByRole('button', { name: 'Ana Torres' }).first().click();
  await expect(composer(sidebar)).not.toContainText('half a thought');
});

test('$mod+Enter adds; notes are listed newest first; $mod+B/I/K format', async ({ page }) => {
  const sidebar = await openContact(page);
  await composer(sidebar).click();
  await page.keyboard.type('first note');
  await page.keyboard.press('Control+Enter');
  await expect(notes(sidebar)).toHaveCount(1);
  // The composer keeps focus after adding, ready for the next note.
  await expect(composer(sidebar)).toBeFocused();

  await page.keyboard.type('Prefers ');
  await page.keyboard.press('Control+b');
  await expect(sidebar.getByRole('button', { name: 'Bold' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.type('email');
  await page.keyboard.press('Control+b');
  await page.keyboard.type(' and ');
  await page.keyboard.press('Control+i');
  await page.keyboard.type('calls');
  await page.keyboard.press('Control+i');
  await page.keyboard.type(' see ');
  await page.keyboard.press('Control+k');
  const address = sidebar.getByRole('textbox', { name: 'Link address' });
  await expect(address).toBeFocused();
  await address.fill('javascript:alert(1)');
  await address.press('Enter');
  await expect(sidebar.getByRole('alert')).toHaveText('Links must start with http://, https:// or mailto:.');
  await sidebar.screenshot({ path: 'test-results/notes-link-form.png' });
  await address.fill('example.com/pricing');
  await address.press('Enter');
  await expect(composer(sidebar)).toBeFocused();
  await page.keyboard.press('Control+Enter');

  await expect(notes(sidebar)).toHaveCount(2);
  const newest = notes(sidebar).first();
  await expect(newest.locator('strong')).toHaveText('email');
  await expect(newest.locator('em')).toHaveText('calls');
  await expect(newest.getByRole('link', { name: 'example.com/pricing' })).toHaveAttribute('href', 'https://example.com/pricing');
  await expect(notes(sidebar).nth(1)).toContainText('first note');
  await sidebar.screenshot({ path: 'test-results/notes-shortcuts.png' });

  const markdowns = (await storedNotes(page)).map((n) => n.bodyMarkdown).sort();
  expect(markdowns).toEqual(['Prefers **email** and _calls_ see [example.com/pricing](https://example.com/pricing)', 'first note']);
});

test('formats with the toolbar and with Markdown-style typing', async ({ page }) => {
  const sidebar = await openContact(page);
  const toolbar = sidebar.getByRole('toolbar', { name: 'Formatting' }).first();
  await composer(sidebar).click();

  await page.keyboard.type('Typed **bold** and *it* and ~~old~~ and `code` done');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- renewal in May');
  await page.keyboard.press('Enter');
  await page.keyboard.type('budget');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // an empty item leaves the list
  await page.keyboard.type('> quoted words');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await toolbar.getByRole('button', { name: 'Numbered list' }).click();
  await page.keyboard.type('step one');
  await page.keyboard.press('Enter');
  await toolbar.getByRole('button', { name: 'Strikethrough' }).click();
  await page.keyboard.type('step two');
  await toolbar.getByRole('button', { name: 'Strikethrough' }).click();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await toolbar.getByRole('button', { name: 'Quote' }).click();
  await toolbar.getByRole('button', { name: 'Inline code' }).click();
  await page.keyboard.type('x = 1');
  await sidebar.screenshot({ path: 'test-results/notes-editor.png' });
  await sidebar.getByRole('button', { name: 'Add', exact: true }).click();

  await expect(notes(sidebar)).toHaveCount(1);
  const [stored] = await storedNotes(page);
  expect(stored!.bodyMarkdown).toBe(
    'Typed **bold** and _it_ and ~~old~~ and `code` done\n\n- renewal in May\n- budget\n\n> quoted words\n\n1. step one\n2. ~~step two~~\n\n> `x = 1`',
  );
  const note = notes(sidebar).first();
  await expect(note.locator('strong')).toHaveText('bold');
  await expect(note.locator('ul > li')).toHaveText(['renewal in May', 'budget']);
  await expect(note.locator('ol > li')).toHaveText(['step one', 'step two']);
  await expect(note.locator('blockquote').first()).toHaveText('quoted words');
  await sidebar.screenshot({ path: 'test-results/notes-list.png' });
});

test('edits a note in place: $mod+Enter saves, Esc cancels', async ({ page }) => {
  const sidebar = await openContact(page);
  await composer(sidebar).click();
  await page.keyboard.type('draft text');
  await page.keyboard.press('Control+Enter');
  const note = notes(sidebar).first();
  await expect(note).toContainText('draft text');

  await note.getByRole('button', { name: 'Edit' }).click();
  const editor = note.getByRole('textbox', { name: 'Edit note' });
  await expect(editor).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('final ');
  await page.keyboard.press('Control+b');
  await page.keyboard.type('text');
  await page.keyboard.press('Control+Enter');
  await expect(editor).toHaveCount(0);
  await expect(note.locator('strong')).toHaveText('text');
  await expect(note).toContainText('edited');
  expect((await storedNotes(page))[0]!.bodyMarkdown).toBe('final **text**');

  await note.getByRole('button', { name: 'Edit' }).click();
  await page.keyboard.type(' throw away');
  await page.keyboard.press('Escape');
  await expect(note.getByRole('textbox', { name: 'Edit note' })).toHaveCount(0);
  // Esc cancelled the edit only: the sidebar is still open.
  await expect(sidebar).toBeVisible();
  await expect(note).not.toContainText('throw away');
  expect((await storedNotes(page))[0]!.bodyMarkdown).toBe('final **text**');
  const outbox = await storedRecords<StoredOutbox>(page, 'outbox');
  expect(outbox.filter((row) => row.entity === 'note').map((row) => row.op)).toEqual(['create', 'update']);
});

test('deletes a note only after confirmation', async ({ page }) => {
  const sidebar = await openContact(page);
  await composer(sidebar).click();
  await page.keyboard.type('to delete');
  await page.keyboard.press('Control+Enter');
  const note = notes(sidebar).first();

  await note.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete note?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(notes(sidebar)).toHaveCount(1);

  await note.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete note' }).click();
  await expect(notes(sidebar)).toHaveCount(0);
  await expect(sidebar.getByText('No notes yet.')).toBeVisible();
  expect(await storedNotes(page)).toEqual([]);
  const outbox = await storedRecords<StoredOutbox>(page, 'outbox');
  expect(outbox.filter((row) => row.entity === 'note').map((row) => row.op)).toEqual(['create', 'delete']);
});

test('pasting HTML keeps bold, italic, links and lists and never lets scripts, images or frames in', async ({ page }) => {
  const assertNoScriptRan = await armScriptTrap(page);
  const sidebar = await openContact(page);
  await composer(sidebar).click();

  const html = `<meta charset="utf-8"><style>body{color:red}</style><script>window.__pwned = 'script'</script>
    <p>Hello <b>bold</b> <i>italic</i> <a href="https://example.com/docs" onclick="window.__pwned='click'">docs</a>
    <a href="javascript:window.__pwned='js-link'">evil link</a>
    <img src="x" onerror="window.__pwned='img'"><svg onload="window.__pwned='svg'"></svg></p>
    <iframe src="javascript:window.top.__pwned='frame'"><iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe></iframe>
    <ul><li>one</li><li>two</li></ul><table><tr><td>cell</td></tr></table><span style="display:none">hidden</span>`;
  await composer(sidebar).evaluate((element, html) => {
    const data = new DataTransfer();
    data.setData('text/html', html);
    data.setData('text/plain', 'plain fallback');
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, html);

  await expect(composer(sidebar)).toContainText('Hello bold italic docs evil link');
  const editorDom = await composer(sidebar).innerHTML();
  expect(editorDom).not.toMatch(/<img|<iframe|<script|<svg|onerror|onclick|javascript:|hidden/i);
  await page.keyboard.press('Control+Enter');

  const note = notes(sidebar).first();
  await expect(note.locator('strong')).toHaveText('bold');
  await expect(note.locator('em')).toHaveText('italic');
  await expect(note.getByRole('link')).toHaveCount(1);
  await expect(note.getByRole('link', { name: 'docs' })).toHaveAttribute('href', 'https://example.com/docs');
  await expect(note.locator('li')).toHaveText(['one', 'two']);
  await sidebar.screenshot({ path: 'test-results/notes-paste.png' });
  const noteDom = await note.innerHTML();
  expect(noteDom).not.toMatch(/<img|<iframe|<script|<svg|onerror|onclick|javascript:|<style/i);
  expect((await storedNotes(page))[0]!.bodyMarkdown).toBe('Hello **bold** _italic_ [docs](https://example.com/docs) evil link\n\n- one\n- two\n\ncell');
  await assertNoScriptRan();
});

test('a note from the server with hostile Markdown shows its text, runs nothing, and opens only safe links through the host', async ({ page }) => {
  const assertNoScriptRan = await armScriptTrap(page);
  await openWithContacts(page, [{ id: CONTACT_ID, name: 'Ana Torres' }]);
  const hostile = [
    'Hi <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>',
    '[click me](javascript:window.__pwned=3) [data](data:text/html,<script>alert(1)</script>) [site](https://example.com/ok)',
    '<iframe src="javascript:window.top.__pwned=4"></iframe> <a href="javascript:alert(1)">raw</a>',
  ].join('\n\n');
  await writeStored(page, {
    put: {
      notes: [
        {
          id: '30000000-0000-4000-8000-000000000001',
          contactId: CONTACT_ID,
          serverId: 7,
          bodySlate: null,
          bodyMarkdown: hostile,
          author: { id: 1, name: 'Agent A' },
          createdAt: Date.now() - 2 * 3_600_000,
          updatedAt: Date.now() - 2 * 3_600_000,
          version: null,
          base: { bodyMarkdown: hostile },
        },
      ],
    },
  });
  await page.evaluate(() => {
    // The web host opens links with window.open: record instead of opening.
    (window as unknown as { __opened: string[] }).__opened = [];
    window.open = (url?: string | URL) => {
      (window as unknown as { __opened: string[] }).__opened.push(String(url));
      return null;
    };
  });
  await page.getByRole('button', { name: 'Ana Torres' }).first().click();
  const sidebar = page.getByRole('complementary', { name: 'Contact details' });
  const note = notes(sidebar).first();
  await expect(note).toHaveAccessibleName('Note by Agent A');
  await expect(note.locator('time')).toHaveText('2 hours ago');
  await expect(note).toContainText('click me');
  await expect(note).toContainText('window.__pwned=2'); // the script's text, as text
  expect(await note.innerHTML()).not.toMatch(/<img|<iframe|<script|onerror|javascript:|data:text/i);

  await sidebar.screenshot({ path: 'test-results/notes-hostile.png' });
  await note.getByText('click me').click();
  await note.getByText('data', { exact: true }).click();
  await expect(note.getByRole('link')).toHaveCount(1);
  await note.getByRole('link', { name: 'site' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __opened: string[] }).__opened)).toEqual(['https://example.com/ok']);
  expect(page.url()).not.toContain('javascript');
  await assertNoScriptRan();
});

test('typing with an input method composes accents and CJK text', async ({ page }) => {
  const sidebar = await openContact(page);
  await composer(sidebar).click();
  const cdp = await page.context().newCDPSession(page);
  await page.keyboard.type('Llamar a ');
  // A dead key then a vowel (´ + e → é), then a pinyin composition committed as 你好.
  await cdp.send('Input.imeSetComposition', { text: '´', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.insertText', { text: 'é' });
  await page.keyboard.type('lia ');
  await cdp.send('Input.imeSetComposition', { text: 'n', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text: 'ni', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.imeSetComposition', { text: 'nih', selectionStart: 3, selectionEnd: 3 });
  await cdp.send('Input.insertText', { text: '你好' });
  await expect(composer(sidebar)).toHaveText('Llamar a élia 你好');
  await page.keyboard.press('Control+Enter');
  await expect(notes(sidebar).first()).toContainText('Llamar a élia 你好');
  expect((await storedNotes(page))[0]!.bodyMarkdown).toBe('Llamar a élia 你好');
});

test.describe('in Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('the button is "Agregar" and the default author "Tú"', async ({ page }) => {
    await openWithContacts(page, [{ id: CONTACT_ID, name: 'Ana Torres' }]);
    await page.getByRole('button', { name: 'Ana Torres' }).first().click();
    const sidebar = page.getByRole('complementary').filter({ has: page.getByRole('heading', { name: 'Ana Torres' }) });
    await sidebar.getByRole('textbox', { name: 'Nueva nota' }).click();
    await page.keyboard.type('Hola');
    await sidebar.getByRole('button', { name: 'Agregar' }).click();
    await expect(sidebar.getByRole('article', { name: 'Nota de Tú' })).toContainText('Hola');
  });
});

test.describe('notes in the list', () => {
  test('shows a Notes count column and finds contacts by their notes when asked', async ({ page }) => {
    await openWithContacts(page, [
      { name: 'Ana García', email: 'ana@globex.com' },
      { name: 'Beto Ruiz', email: 'beto@acme.es' },
    ]);
    await page.getByRole('button', { name: 'Beto Ruiz' }).click();
    const sidebar = page.getByRole('complementary', { name: 'Contact details' });
    const editor = sidebar.getByRole('textbox').first();
    await editor.click();
    await page.keyboard.type('Llamada sobre la renovación anual');
    await page.keyboard.press('Control+Enter');
    await expect(sidebar.getByText('Llamada sobre la renovación anual')).toBeVisible();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('group', { name: 'Show columns' }).getByRole('checkbox', { name: 'Notes' }).check();
    await page.keyboard.press('Escape');
    await expect.poll(() => columnTexts(page, 'notes')).toContain('1');

    const search = page.getByRole('searchbox', { name: 'Search contacts' });
    await search.fill('renovacion');
    await expect(page.getByRole('heading', { name: 'No contacts match “renovacion”' })).toBeVisible();
    await page.getByRole('checkbox', { name: 'Include notes' }).check();
    await expect.poll(() => columnTexts(page, 'name')).toEqual(['Beto Ruiz']);
  });
});

test('when the notes code cannot be loaded, the sidebar stays usable, says so, and "Reload" brings it back', async ({ page }) => {
  // The web host offline (or a broken install): every fetch of the notes chunk fails.
  await page.route('**/assets/NotesSection-*.js', (route) => route.abort('internetdisconnected'));
  const sidebar = await openContact(page);
  await expect(sidebar.getByRole('alert')).toHaveText('Notes could not be loaded. Reload');
  // The rest of the app is still there: the panel's details and the list.
  await expect(sidebar.getByRole('heading', { name: 'Ana Torres' })).toBeVisible();
  await expect(page.getByRole('grid')).toBeVisible();
  await expect(composer(sidebar)).toHaveCount(0);

  await page.unroute('**/assets/NotesSection-*.js');
  await sidebar.getByRole('button', { name: 'Reload' }).click();
  await page.getByRole('button', { name: 'Ana Torres' }).first().click();
  await expect(composer(sidebar)).toBeVisible();
  await expect(sidebar.getByText('No notes yet.')).toBeVisible();
});
