import { expect, test, type Locator, type Page } from '@playwright/test';
import { columnTexts, gridRows, makeContact, storedRecords, waitForApp, writeStored, type TestContact } from './fixtures';

/**
 * The filter builder, its chips and saved segments, driven by role and accessible name
 * (issue 5; docs/filter-builder.md). Custom attributes are written straight into IndexedDB with
 * the contacts, as sync would deliver them.
 */

const DAY = 86_400_000;

interface Person extends TestContact {
  custom?: Record<string, string | number | boolean>;
}

const people: Person[] = [
  {
    name: 'Ana García',
    email: 'ana@acme.es',
    city: 'Madrid',
    countryCode: 'ES',
    company: 'Acme',
    labels: ['vip'],
    custom: { plan: 'pro', seats: 10 },
    lastActivityAt: Date.now() - 1 * DAY,
  },
  {
    name: 'Ángel Muñoz',
    email: 'angel@globex.com',
    city: 'Málaga',
    countryCode: 'ES',
    labels: ['lead'],
    custom: { plan: 'free', seats: 1 },
    lastActivityAt: Date.now() - 2 * DAY,
  },
  {
    name: 'Bruno Díaz',
    email: 'bruno@umbrella.mx',
    city: null,
    countryCode: 'MX',
    labels: ['vip', 'lead'],
    custom: { plan: 'enterprise', seats: 200 },
    lastActivityAt: Date.now() - 3 * DAY,
  },
  {
    name: 'Carla Smith',
    email: null,
    city: 'London',
    countryCode: 'GB',
    labels: [],
    custom: {},
    lastActivityAt: Date.now() - 4 * DAY,
  },
  {
    name: 'Dario Rossi',
    email: 'dario@initech.it',
    city: 'MADRID',
    countryCode: 'IT',
    labels: ['lead'],
    custom: { plan: 'pro', seats: 25 },
    lastActivityAt: Date.now() - 5 * DAY,
  },
];

const labels = [
  { title: 'vip', color: '#e5484d' },
  { title: 'lead', color: '#2f6fde' },
];

const definitions = [
  { key: 'plan', displayName: 'Plan', type: 'list', listValues: ['free', 'pro', 'enterprise'] },
  { key: 'seats', displayName: 'Seats', type: 'number', listValues: [] },
];

async function openWithData(page: Page, options: { language?: 'en' | 'es' } = {}): Promise<void> {
  await page.goto('/');
  await waitForApp(page);
  const records = people.map((person) => ({ ...makeContact(person), customAttributes: person.custom ?? {} }));
  const labelRecords = labels.map((label, index) => ({
    id: `10000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    ...label,
    description: '',
    serverId: null,
    createdAt: 0,
    updatedAt: 0,
  }));
  const definitionRecords = definitions.map((definition, index) => ({
    id: `20000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    ...definition,
    description: '',
    serverId: null,
    createdAt: 0,
    updatedAt: 0,
  }));
  await writeStored(page, {
    put: {
      contacts: records,
      labels: labelRecords,
      attributeDefinitions: definitionRecords,
      syncState: options.language ? [{ key: 'setting:ui.language', value: options.language }] : [],
    },
  });
  await page.reload();
  await waitForApp(page);
  await expect(gridRows(page).first()).toBeVisible();
}

function builder(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Filter contacts' });
}

function condition(page: Page, number: number): Locator {
  return builder(page).getByRole('group', { name: `Condition ${number}`, exact: true });
}

async function names(page: Page): Promise<string[]> {
  await expect(gridRows(page).first()).toBeVisible();
  return (await columnTexts(page, 'name')).slice().sort();
}

async function expectNames(page: Page, expected: string[]): Promise<void> {
  await expect.poll(() => names(page)).toEqual(expected.slice().sort());
}

/** Picks values in a row's multi-select (labels, list, country). */
async function pick(row: Locator, options: string[]): Promise<void> {
  await row.getByRole('button', { name: /^Value:/ }).click();
  const group = row.getByRole('group', { name: 'Value' });
  for (const option of options) {
    const search = group.getByRole('searchbox', { name: 'Search' });
    if ((await search.count()) > 0) await search.fill(option);
    await group.getByRole('checkbox', { name: option, exact: true }).check();
  }
  await row.page().keyboard.press('Escape');
}

const chips = (page: Page) => page.getByRole('region', { name: 'Applied filter' });

test.describe('filter builder', () => {
  test('builds a filter, shows its chips, and search, labels and sorting still narrow it', async ({
    page,
  }) => {
    await openWithData(page);
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect(builder(page)).toBeVisible();

    // Row 1: City contains "madrid" (case and accents ignored).
    await condition(page, 1).getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'City' });
    await condition(page, 1).getByRole('combobox', { name: 'Operator' }).selectOption({ label: 'Contains' });
    await condition(page, 1).getByRole('textbox', { name: 'Value' }).fill('madrid');
    // Row 2: Labels equal to lead.
    await builder(page).getByRole('button', { name: 'Add filter' }).click();
    await condition(page, 2).getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Labels' });
    await pick(condition(page, 2), ['lead']);
    await expect(builder(page)).toBeVisible();
    await builder(page).getByRole('button', { name: 'Submit' }).click();

    await expect(builder(page)).toBeHidden();
    await expectNames(page, ['Dario Rossi']);
    await expect(
      chips(page).getByRole('button', { name: 'City contains madrid', exact: true }),
    ).toBeVisible();
    await expect(
      chips(page).getByRole('button', { name: 'Labels equal to lead', exact: true }),
    ).toBeVisible();
    await expect(chips(page).getByRole('listitem').filter({ hasText: /^and$/ })).toHaveCount(1);

    // Loosen to OR and check that search and "Tagged with" narrow further, and sorting still works.
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await builder(page).getByRole('combobox', { name: 'How condition 1 joins the next' }).selectOption('or');
    await builder(page).getByRole('button', { name: 'Submit' }).click();
    await expectNames(page, ['Ana García', 'Ángel Muñoz', 'Bruno Díaz', 'Dario Rossi']);
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await expect
      .poll(() => columnTexts(page, 'name'))
      .toEqual(['Ana García', 'Ángel Muñoz', 'Bruno Díaz', 'Dario Rossi']);
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('rossi');
    await expect.poll(() => columnTexts(page, 'name')).toEqual(['Dario Rossi']);
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('');
    await page.getByRole('button', { name: /^vip,/ }).click();
    await expect.poll(() => columnTexts(page, 'name')).toEqual(['Ana García', 'Bruno Díaz']);

    // Removing a chip re-applies the rest (City contains madrid, with "vip" still picked).
    await chips(page).getByRole('button', { name: 'Remove condition: Labels equal to lead' }).click();
    await expect.poll(() => columnTexts(page, 'name')).toEqual(['Ana García']);
    await page.screenshot({ path: 'test-results/filters-chips.png' });
    // "Clear filters" drops the filter and keeps the label; "All contacts" drops the label too.
    await chips(page).getByRole('button', { name: 'Clear filters' }).click();
    await expect(chips(page)).toHaveCount(0);
    await expect.poll(() => columnTexts(page, 'name')).toEqual(['Ana García', 'Bruno Díaz']);
    await page.getByRole('button', { name: /All contacts/ }).click();
    await expectNames(
      page,
      people.map((person) => person.name!),
    );
  });

  test('shows AND binding tighter than OR, and filters that way', async ({ page }) => {
    await openWithData(page);
    await page.keyboard.press('Control+Shift+F');
    await expect(builder(page)).toBeVisible();
    // Country is ES  OR  Labels equal to vip AND Seats greater than 100.
    await condition(page, 1).getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Country' });
    await pick(condition(page, 1), ['Spain']);
    await builder(page).getByRole('button', { name: 'Add filter' }).click();
    await condition(page, 2).getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Labels' });
    await pick(condition(page, 2), ['vip']);
    await builder(page).getByRole('button', { name: 'Add filter' }).click();
    await condition(page, 3).getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Seats' });
    await condition(page, 3)
      .getByRole('combobox', { name: 'Operator' })
      .selectOption({ label: 'Greater than' });
    await condition(page, 3).getByRole('textbox', { name: 'Value' }).fill('100');

    // All AND: one group of three.
    await expect(builder(page).getByRole('group', { name: /^Group \d/ })).toHaveCount(1);
    await builder(page).getByRole('combobox', { name: 'How condition 1 joins the next' }).selectOption('or');
    // A OR (B AND C): two groups, the second holding conditions 2 and 3.
    const groups = builder(page).getByRole('group', { name: /^Group \d/ });
    await expect(groups).toHaveCount(2);
    await expect(groups.nth(0).getByRole('group', { name: /^Condition/ })).toHaveCount(1);
    await expect(groups.nth(1).getByRole('group', { name: /^Condition/ })).toHaveCount(2);
    await builder(page).screenshot({ path: 'test-results/filters-grouping.png' });
    await page.keyboard.press('Control+Enter');

    await expect(builder(page)).toBeHidden();
    // Spain: Ana, Ángel; vip with more than 100 seats: Bruno. Ana is vip with 10 seats: matched by Spain.
    await expectNames(page, ['Ana García', 'Ángel Muñoz', 'Bruno Díaz']);
    const items = chips(page).getByRole('listitem');
    await expect(items).toHaveText([
      /^Country equal to Spain/,
      'or',
      '(',
      /^Labels equal to vip/,
      'and',
      /^Seats greater than 100/,
      ')',
    ]);
    await page.screenshot({ path: 'test-results/filters-or-chips.png' });

    // (A OR B) AND C is not expressible by order; A AND B OR C is (A AND B) OR C.
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await builder(page).getByRole('combobox', { name: 'How condition 1 joins the next' }).selectOption('and');
    await builder(page).getByRole('combobox', { name: 'How condition 2 joins the next' }).selectOption('or');
    await expect(groups.nth(0).getByRole('group', { name: /^Condition/ })).toHaveCount(2);
    await builder(page).getByRole('button', { name: 'Submit' }).click();
    // (Spain AND vip) OR seats > 100: Ana, Bruno.
    await expectNames(page, ['Ana García', 'Bruno Díaz']);
  });

  test('marks invalid conditions, says what to fix, and applies nothing half', async ({ page }) => {
    await openWithData(page);
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    // Row 1: Name contains (no value). Row 2: Seats equal to "ten". Row 3: valid.
    await condition(page, 1).getByRole('combobox', { name: 'Operator' }).selectOption({ label: 'Contains' });
    await builder(page).getByRole('button', { name: 'Add filter' }).click();
    await condition(page, 2).getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Seats' });
    await condition(page, 2).getByRole('textbox', { name: 'Value' }).fill('ten');
    await builder(page).getByRole('button', { name: 'Add filter' }).click();
    await condition(page, 3).getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Email' });
    await condition(page, 3)
      .getByRole('combobox', { name: 'Operator' })
      .selectOption({ label: 'Is present' });
    await builder(page).getByRole('button', { name: 'Submit' }).click();

    await expect(builder(page)).toBeVisible();
    const alert = builder(page).getByRole('alert');
    await expect(alert).toContainText('Fix 2 conditions');
    await expect(alert).toContainText('Condition 1: Enter a value.');
    await expect(alert).toContainText('Condition 2: “ten” is not a number.');
    await expect(condition(page, 1).getByRole('textbox', { name: 'Value' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    await expect(condition(page, 2).getByRole('textbox', { name: 'Value' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    await expect(condition(page, 3).locator('[aria-invalid="true"]')).toHaveCount(0);
    // Focus went to the first thing to fix.
    await expect(condition(page, 1).getByRole('textbox', { name: 'Value' })).toBeFocused();
    await builder(page).screenshot({ path: 'test-results/filters-invalid.png' });

    // An impossible date in a date picker is an invalid date, not a missing one.
    await builder(page).getByRole('button', { name: 'Add filter' }).click();
    await condition(page, 4)
      .getByRole('combobox', { name: 'Attribute' })
      .selectOption({ label: 'Created at' });
    const date = condition(page, 4).getByLabel('Date');
    await date.click();
    await date.pressSequentially('02302025');
    await date.blur();
    await expect(alert).toContainText('Condition 4: Enter a real date.');

    // Nothing applied: cancel, and the list is whole with no chips.
    await builder(page).getByRole('button', { name: 'Cancel' }).click();
    await expect(chips(page)).toHaveCount(0);
    await expectNames(
      page,
      people.map((person) => person.name!),
    );

    // Fixing the rows clears the marks, and then it applies.
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await condition(page, 1).getByRole('combobox', { name: 'Operator' }).selectOption({ label: 'Contains' });
    await builder(page).getByRole('button', { name: 'Submit' }).click();
    await expect(condition(page, 1).getByRole('textbox', { name: 'Value' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    await condition(page, 1).getByRole('textbox', { name: 'Value' }).fill('ANGEL');
    await expect(condition(page, 1).getByRole('textbox', { name: 'Value' })).not.toHaveAttribute(
      'aria-invalid',
      'true',
    );
    await builder(page).getByRole('button', { name: 'Submit' }).click();
    await expectNames(page, ['Ángel Muñoz']);
  });

  test('reopens with the current conditions to edit; Clear all and Submit shows everyone', async ({
    page,
  }) => {
    await openWithData(page);
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await condition(page, 1).getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Plan' });
    await pick(condition(page, 1), ['pro', 'enterprise']);
    await builder(page).getByRole('button', { name: 'Submit' }).click();
    await expectNames(page, ['Ana García', 'Bruno Díaz', 'Dario Rossi']);

    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect(condition(page, 1).getByRole('combobox', { name: 'Attribute' })).toHaveValue('plan');
    await expect(condition(page, 1).getByRole('button', { name: 'Value: pro, enterprise' })).toBeVisible();
    // A row added and removed again leaves the others alone; focus goes on to "Add filter".
    await builder(page).getByRole('button', { name: 'Add filter' }).click();
    await expect(builder(page).getByRole('group', { name: /^Condition/ })).toHaveCount(2);
    await builder(page).getByRole('button', { name: 'Remove condition 2' }).click();
    await expect(builder(page).getByRole('group', { name: /^Condition/ })).toHaveCount(1);
    await expect(builder(page).getByRole('button', { name: 'Add filter' })).toBeFocused();
    await condition(page, 1)
      .getByRole('combobox', { name: 'Operator' })
      .selectOption({ label: 'Not equal to' });
    await builder(page).getByRole('button', { name: 'Submit' }).click();
    // Not equal to includes contacts with no plan at all.
    await expectNames(page, ['Ángel Muñoz', 'Carla Smith']);

    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await builder(page).getByRole('button', { name: 'Clear all' }).click();
    await expect(builder(page).getByRole('group', { name: /^Condition/ })).toHaveCount(0);
    await builder(page).getByRole('button', { name: 'Submit' }).click();
    await expect(chips(page)).toHaveCount(0);
    await expectNames(
      page,
      people.map((person) => person.name!),
    );
  });

  test('saves, applies, renames, edits and deletes a segment, and it survives a restart', async ({
    page,
  }) => {
    await openWithData(page);
    const segments = page.getByRole('list', { name: 'Segments' });
    await expect(page.getByText('No saved segments yet')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save filter' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await condition(page, 1).getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Labels' });
    await pick(condition(page, 1), ['vip']);
    await builder(page).getByRole('button', { name: 'Submit' }).click();
    await expectNames(page, ['Ana García', 'Bruno Díaz']);

    await page.getByRole('button', { name: 'Save filter' }).click();
    const save = page.getByRole('dialog', { name: 'Save filter as a segment' });
    await save.getByRole('button', { name: 'Save filter' }).click();
    await expect(save.getByRole('alert')).toHaveText('Enter a name.');
    await save.getByRole('textbox', { name: 'Segment name' }).fill('VIPs');
    await save.getByRole('textbox', { name: 'Segment name' }).press('Enter');
    await expect(save).toBeHidden();
    await expect(segments.getByRole('button', { name: 'VIPs', exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    // Saved as-is and unchanged: nothing to save or update.
    await expect(page.getByRole('button', { name: 'Save filter' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Update segment' })).toHaveCount(0);

    // Stored in Chatwoot's custom filter shape.
    const stored = (await storedRecords<{ name: string; query: unknown }>(page, 'segments')).map((row) => ({ name: row.name, query: row.query }));
    expect(stored).toEqual([
      {
        name: 'VIPs',
        query: {
          payload: [
            { attribute_key: 'labels', filter_operator: 'equal_to', values: ['vip'], query_operator: null },
          ],
        },
      },
    ]);

    // Clear, then one click applies it again.
    await chips(page).getByRole('button', { name: 'Clear filters' }).click();
    await expectNames(
      page,
      people.map((person) => person.name!),
    );
    await expect(segments.getByRole('button', { name: 'VIPs', exact: true })).not.toHaveAttribute(
      'aria-current',
      'page',
    );
    await segments.getByRole('button', { name: 'VIPs', exact: true }).click();
    await expectNames(page, ['Ana García', 'Bruno Díaz']);
    await expect(segments.getByRole('button', { name: 'VIPs', exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );

    // Rename through its menu.
    await segments.getByRole('button', { name: 'Options for segment VIPs', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename segment' });
    await expect(rename.getByRole('textbox', { name: 'Segment name' })).toHaveValue('VIPs');
    await rename.getByRole('textbox', { name: 'Segment name' }).fill('Top customers');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(segments.getByRole('button', { name: 'Top customers', exact: true })).toBeVisible();
    await expect(segments.getByRole('button', { name: 'VIPs', exact: true })).toHaveCount(0);

    // Edit: open it, change, "Update segment".
    await segments.getByRole('button', { name: 'Options for segment Top customers', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    await expect(builder(page)).toBeVisible();
    await builder(page).getByRole('button', { name: 'Add filter' }).click();
    await condition(page, 2).getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Country' });
    await pick(condition(page, 2), ['Mexico']);
    await builder(page).getByRole('button', { name: 'Submit' }).click();
    await expectNames(page, ['Bruno Díaz']);
    await page.getByRole('button', { name: 'Update segment' }).click();
    await expect(page.getByRole('button', { name: 'Update segment' })).toHaveCount(0);
    await page.screenshot({ path: 'test-results/filters-segment.png' });

    // Survives a restart: the filter and the selected segment.
    await page.reload();
    await waitForApp(page);
    await expectNames(page, ['Bruno Díaz']);
    await expect(segments.getByRole('button', { name: 'Top customers', exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(
      chips(page).getByRole('button', { name: 'Country equal to Mexico', exact: true }),
    ).toBeVisible();

    // Clearing and applying it again uses the updated conditions.
    await chips(page).getByRole('button', { name: 'Clear filters' }).click();
    await segments.getByRole('button', { name: 'Top customers', exact: true }).click();
    await expectNames(page, ['Bruno Díaz']);

    // Delete: the segment and its filter go.
    await segments.getByRole('button', { name: 'Options for segment Top customers', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete segment' });
    await expect(confirm).toContainText('Top customers');
    await confirm.getByRole('button', { name: 'Delete segment' }).click();
    await expect(page.getByText('No saved segments yet')).toBeVisible();
    await expect(chips(page)).toHaveCount(0);
    await expectNames(
      page,
      people.map((person) => person.name!),
    );
    await page.reload();
    await waitForApp(page);
    await expect(page.getByText('No saved segments yet')).toBeVisible();
    await expectNames(
      page,
      people.map((person) => person.name!),
    );
  });

  test('works from the keyboard alone, end to end', async ({ page }) => {
    await openWithData(page);
    await page.locator('body').click({ position: { x: 600, y: 5 } });
    await page.keyboard.press('Control+Shift+F');
    await expect(builder(page)).toBeVisible();
    // Focus starts in the dialog; Tab reaches the first row's attribute.
    const attribute = condition(page, 1).getByRole('combobox', { name: 'Attribute' });
    for (
      let i = 0;
      i < 10 && !(await attribute.evaluate((element) => element === document.activeElement));
      i++
    )
      await page.keyboard.press('Tab');
    await expect(attribute).toBeFocused();
    await page.keyboard.type('Labels'); // a closed native select picks by typing
    await expect(attribute).toHaveValue('labels');
    await page.keyboard.press('Tab'); // operator
    await expect(condition(page, 1).getByRole('combobox', { name: 'Operator' })).toBeFocused();
    await page.keyboard.press('Tab'); // value picker
    const picker = condition(page, 1).getByRole('button', { name: /^Value:/ });
    await expect(picker).toBeFocused();
    await page.keyboard.press('Enter');
    const vip = condition(page, 1).getByRole('checkbox', { name: 'vip' });
    const lead = condition(page, 1).getByRole('checkbox', { name: 'lead' });
    await expect(lead).toBeFocused(); // options sorted: lead, vip
    await builder(page).screenshot({ path: 'test-results/filters-picker.png' });
    await page.keyboard.press('ArrowDown');
    await expect(vip).toBeFocused();
    await page.keyboard.press('Space');
    await expect(vip).toBeChecked();
    // Esc closes the picker only, and gives focus back to it.
    await page.keyboard.press('Escape');
    await expect(builder(page)).toBeVisible();
    await expect(condition(page, 1).getByRole('button', { name: 'Value: vip' })).toBeFocused();
    await page.keyboard.press('Control+Enter');
    await expect(builder(page)).toBeHidden();
    await expectNames(page, ['Ana García', 'Bruno Díaz']);

    // Save it from the keyboard.
    await page.getByRole('button', { name: 'Save filter' }).focus();
    await page.keyboard.press('Enter');
    // The dialog puts focus in its name field as it opens; typed before that (seen once in CI under
    // load), the first letter went to the page and the segment was saved as "eyboard VIPs".
    await expect(page.getByRole('textbox', { name: 'Segment name' })).toBeFocused();
    await page.keyboard.type('Keyboard VIPs');
    await page.keyboard.press('Enter');
    const segment = page
      .getByRole('list', { name: 'Segments' })
      .getByRole('button', { name: 'Keyboard VIPs', exact: true });
    await expect(segment).toHaveAttribute('aria-current', 'page');

    // Its menu works with arrows and Esc.
    await page.getByRole('button', { name: 'Options for segment Keyboard VIPs' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menuitem', { name: 'Rename' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Options for segment Keyboard VIPs' })).toBeFocused();

    // Reopen, Esc cancels without changing anything.
    await page.keyboard.press('Control+Shift+F');
    await expect(builder(page)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(builder(page)).toBeHidden();
    await expectNames(page, ['Ana García', 'Bruno Díaz']);
  });

  test('speaks Spanish: Filtrar, Igual a, Enviar, Guardar filtro, Segmentos', async ({ page }) => {
    await openWithData(page, { language: 'es' });
    await page.getByRole('button', { name: 'Filtrar', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Filtrar contactos' });
    await expect(dialog.getByRole('combobox', { name: 'Operador' })).toHaveValue('equal_to');
    await expect(dialog.getByRole('combobox', { name: 'Operador' }).locator('option:checked')).toHaveText(
      'Igual a',
    );
    await dialog.getByRole('combobox', { name: 'Atributo' }).selectOption({ label: 'País' });
    await dialog.getByRole('button', { name: /^Valor:/ }).click();
    await page.screenshot({ path: 'test-results/filters-country.png' });
    await dialog.getByRole('searchbox', { name: 'Buscar' }).fill('méxico');
    await dialog.getByRole('checkbox', { name: 'México' }).check();
    await page.keyboard.press('Escape');
    await dialog.screenshot({ path: 'test-results/filters-es.png' });
    await dialog.getByRole('button', { name: 'Enviar' }).click();
    await expectNames(page, ['Bruno Díaz']);
    await expect(page.getByRole('button', { name: 'País igual a México', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Guardar filtro' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Segmentos' })).toBeVisible();
  });
});
