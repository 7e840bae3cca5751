import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyContactFields } from '../../../shared/contact';
import type { Label } from '../../../shared/records';
import { ContactIndex } from '../data/index/contact-index';
import type { ChangeEvent } from '../data/store/change-bus';
import { createRepositoryCore } from '../data/store/repository';
import { importCsvText, repositoryForEachTest, settle } from '../../../../tests/support/db';
import { labelCatalogue, labelFilterOptions, labelSuggestions, UNDEFINED_LABEL_COLOR, type CatalogueLabel } from './catalogue';

const t = repositoryForEachTest();

/** What each screen lists, computed the way it computes it. */
function consumers(catalogue: readonly CatalogueLabel[]) {
  return {
    sidebar: catalogue.map((label) => label.title),
    filterBuilderValues: labelFilterOptions(catalogue, []).map((option) => option.value),
    labelPicker: labelSuggestions(catalogue, [], '', Number.MAX_SAFE_INTEGER).sort(),
    // Settings → Labels: the defined rows, then the ones only contacts carry.
    settings: [...catalogue.filter((label) => label.definition), ...catalogue.filter((label) => !label.definition)]
      .map((label) => label.title)
      .sort(),
  };
}

/** The app's wiring (app/bootstrap.ts): every contact change event feeds the index. */
function indexFedBy(events: ChangeEvent[][]): ContactIndex {
  const index = new ContactIndex();
  index.load([]);
  for (const event of events.flat()) if (event.entity === 'contact') index.applyChanges(event.put, event.deleted);
  return index;
}


describe('the label catalogue', () => {
  it('lists a label created by each path (import, sync, bulk, form, Settings) in every screen that lists labels', async () => {
    const importEvents: ChangeEvent[] = [];
    const importCore = { ...createRepositoryCore(t.db, (events) => importEvents.push(...events)), db: t.db };
    await importCsvText(importCore, 'name;email;labels\nAna;ana@example.com;vip,from-import\nBea;bea@example.com;lead\n');
    await t.repository.sync.applyServerPage({
      contacts: [{ serverId: 7, version: 1, fields: { ...emptyContactFields(), name: 'Sol', labels: ['from-sync'] }, createdAt: 1, lastActivityAt: null, labelsKnown: true }],
      labels: [],
      deletedServerIds: [],
    });
    const formContact = await t.repository.contacts.create({ ...emptyContactFields(), name: 'Eva', labels: ['from-form'] });
    await t.repository.contacts.changeLabels([formContact.id], { add: ['from-bulk'] });
    await t.repository.labels.create({ title: 'from-settings', color: '#00ff00' });
    await settle();

    const index = indexFedBy([importEvents, t.events]);
    const catalogue = labelCatalogue(await t.repository.labels.getAll(), index.labelCounts());
    const expected = ['from-bulk', 'from-form', 'from-import', 'from-settings', 'from-sync', 'lead', 'vip'];
    const listed = consumers(catalogue);
    expect(listed).toEqual({ sidebar: expected, filterBuilderValues: expected, labelPicker: expected, settings: expected });
    expect(catalogue.find((label) => label.title === 'vip')).toMatchObject({ count: 1, color: UNDEFINED_LABEL_COLOR, definition: null });
    expect(catalogue.find((label) => label.title === 'from-settings')).toMatchObject({ count: 0, color: '#00ff00' });
  });

  it('drops a label no contact carries and nothing defines, and keeps a defined one at 0', () => {
    const defined: Label = { id: 'l1', title: 'kept', color: '#112233', description: '', serverId: null, createdAt: 1, updatedAt: 1 };
    const catalogue = labelCatalogue([defined], new Map([['gone', 0], ['vip', 2]]));
    expect(catalogue.map((label) => [label.title, label.count])).toEqual([
      ['kept', 0],
      ['vip', 2],
    ]);
  });

  it('is every defined title plus every carried title, once each, sorted', () => {
    const title = fc.constantFrom('a', 'b', 'vip', 'lead', 'z-1', 'constructor', '__proto__');
    fc.assert(
      fc.property(fc.uniqueArray(title), fc.array(fc.tuple(title, fc.nat(5))), (definedTitles, carried) => {
        const definitions = definedTitles.map((t, i): Label => ({ id: `l${i}`, title: t, color: '#000000', description: '', serverId: null, createdAt: 1, updatedAt: 1 }));
        const counts = new Map(carried);
        const titles = labelCatalogue(definitions, counts).map((label) => label.title);
        const expected = new Set([...definedTitles, ...[...counts].filter(([, n]) => n > 0).map(([t]) => t)]);
        expect(titles).toEqual([...expected].sort((a, b) => a.localeCompare(b)));
        for (const view of Object.values(consumers(labelCatalogue(definitions, counts)))) expect(view.sort()).toEqual([...expected].sort());
      }),
    );
  });

  it('keeps a value a stored filter names after its label is gone, so it can be unticked', () => {
    expect(labelFilterOptions([], ['old']).map((option) => option.value)).toEqual(['old']);
  });

  it('suggests most-used labels first, leaving out those already chosen and those not matching the typed text', () => {
    const catalogue = labelCatalogue([], new Map([['vip', 1], ['vivid', 5], ['lead', 9]]));
    expect(labelSuggestions(catalogue, [], 'vi', 8)).toEqual(['vivid', 'vip']);
    expect(labelSuggestions(catalogue, ['vivid'], '', 8)).toEqual(['lead', 'vip']);
  });
});
