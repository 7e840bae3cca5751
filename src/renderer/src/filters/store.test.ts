import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attributesFor, validateFilter, type FilterPayload, type ValidFilter } from '../../../shared/filters';
import { makeContact } from '../../../shared/filters/test-helpers';
import { createRepository, type Repository } from '../data/store/repository';
import { deterministicOptions, freshDb } from '../../../../tests/support/db';
import {
  applyFilter,
  applySegment,
  clearFilter,
  CURRENT_FILTER_SETTING,
  deleteSegment,
  saveSegment,
  startFilters,
  updateSelectedSegment,
  useFilters,
} from './store';

const cleanups: (() => void)[] = [];
let repository: Repository;

beforeEach(() => {
  const db = freshDb();
  repository = createRepository(db, { channelName: null, ...deterministicOptions() });
  useFilters.setState({
    predicate: null,
    applied: null,
    segmentId: null,
    segments: [],
    definitions: [],
    attributes: attributesFor([]),
    dialog: null,
  });
  cleanups.push(() => {
    repository.close();
    db.close();
  });
});

afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

function valid(payload: unknown[]): ValidFilter {
  const result = validateFilter(payload, useFilters.getState().attributes);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.filter;
}

const madrid: FilterPayload = [
  { attribute_key: 'city', filter_operator: 'contains', values: ['Madrid'], query_operator: null },
];
const vip: FilterPayload = [
  { attribute_key: 'labels', filter_operator: 'equal_to', values: ['VIP'], query_operator: null },
];

async function start(): Promise<() => void> {
  const filters = startFilters(repository);
  await filters.ready;
  cleanups.push(filters.stop);
  return filters.stop;
}

/** Lets the change events' follow-up reads (getAll) settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('applying and clearing', () => {
  it('compiles once: the predicate changes only with the filter, and matches as the evaluator says', async () => {
    await start();
    await applyFilter(repository, valid(madrid), null);
    const predicate = useFilters.getState().predicate;
    expect(predicate).not.toBeNull();
    expect(predicate!(makeContact({ city: 'MÁDRID centro' }))).toBe(true);
    expect(predicate!(makeContact({ city: 'Málaga' }))).toBe(false);
    useFilters.getState().openDialog({ kind: 'builder' });
    expect(useFilters.getState().predicate).toBe(predicate);
    await clearFilter(repository);
    expect(useFilters.getState()).toMatchObject({ predicate: null, applied: null, segmentId: null });
  });
});

describe('restart', () => {
  it('restores the applied filter and the selected segment, compiled', async () => {
    const stop = await start();
    const segment = await repository.segments.create({ name: 'Madrid', query: { payload: madrid } });
    await settle();
    expect(await applySegment(repository, segment)).toBe(true);
    stop();
    useFilters.setState({ predicate: null, applied: null, segmentId: null, segments: [] });

    await start();
    const state = useFilters.getState();
    expect(state.segmentId).toBe(segment.id);
    expect(state.segments.map((item) => item.name)).toEqual(['Madrid']);
    expect(state.applied).toEqual(madrid);
    expect(state.predicate!(makeContact({ city: 'madrid' }))).toBe(true);
  });

  it('applies nothing when the stored filter no longer validates (its attribute is gone)', async () => {
    await repository.settings.set(CURRENT_FILTER_SETTING, {
      payload: [
        { attribute_key: 'plan', filter_operator: 'equal_to', values: ['pro'], query_operator: null },
      ],
      segmentId: null,
    });
    await start();
    expect(useFilters.getState()).toMatchObject({ applied: null, predicate: null });
  });

  it('uses custom attribute definitions from the store when restoring', async () => {
    await repository.attributeDefinitions.create({
      key: 'plan',
      displayName: 'Plan',
      type: 'list',
      listValues: ['pro'],
      description: '',
    });
    await repository.settings.set(CURRENT_FILTER_SETTING, {
      payload: [
        { attribute_key: 'plan', filter_operator: 'equal_to', values: ['pro'], query_operator: null },
      ],
      segmentId: 'gone',
    });
    await start();
    const state = useFilters.getState();
    expect(state.segmentId).toBeNull(); // that segment no longer exists
    expect(state.predicate!(makeContact({ customAttributes: { plan: 'Pro' } }))).toBe(true);
  });
});

describe('segments', () => {
  it('saves the applied filter in Chatwoot shape, selects it, updates and deletes it', async () => {
    await start();
    await applyFilter(repository, valid(vip), null);
    const saved = await saveSegment(repository, 'VIPs');
    expect(saved).not.toBeNull();
    const stored = await repository.segments.get(saved!.id);
    expect(stored).toMatchObject({
      name: 'VIPs',
      query: {
        payload: [
          { attribute_key: 'labels', filter_operator: 'equal_to', values: ['vip'], query_operator: null },
        ],
      },
    });
    expect(useFilters.getState().segmentId).toBe(saved!.id);

    await applyFilter(repository, valid(madrid), saved!.id);
    await updateSelectedSegment(repository);
    expect((await repository.segments.get(saved!.id))?.query.payload).toEqual(madrid);

    await deleteSegment(repository, saved!.id);
    expect(await repository.segments.get(saved!.id)).toBeUndefined();
    expect(useFilters.getState()).toMatchObject({
      segmentId: null,
      applied: null,
      predicate: null,
      segments: [],
    });
  });

  it('follows changes from elsewhere: a synced edit of the selected segment re-applies it, a delete clears it', async () => {
    await start();
    const segment = await repository.segments.create({ name: 'S', query: { payload: madrid } }, 'sync');
    await settle();
    await applySegment(repository, segment);
    await repository.segments.update(segment.id, { query: { payload: vip } }, 'sync');
    await settle();
    expect(useFilters.getState().applied).toEqual([{ ...vip[0], values: ['vip'] }]);

    // Edited here and not saved: a remote change must not overwrite the edit.
    await applyFilter(repository, valid(madrid), segment.id);
    await repository.segments.update(segment.id, { name: 'Renamed' }, 'sync');
    await settle();
    expect(useFilters.getState().applied).toEqual(madrid);
    expect(useFilters.getState().segments[0].name).toBe('Renamed');

    await repository.segments.remove(segment.id, 'sync');
    await settle();
    expect(useFilters.getState()).toMatchObject({ segments: [], segmentId: null, applied: null });
  });

  it('refuses to apply a segment whose filter does not validate, and applies nothing', async () => {
    await start();
    const broken = await repository.segments.create({
      name: 'Broken',
      query: {
        payload: [
          { attribute_key: 'nope', filter_operator: 'equal_to', values: ['x'], query_operator: null },
        ],
      },
    });
    expect(await applySegment(repository, broken)).toBe(false);
    expect(useFilters.getState()).toMatchObject({ applied: null, predicate: null });
  });
});
