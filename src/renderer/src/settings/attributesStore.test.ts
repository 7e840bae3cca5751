import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepository } from '../data/store/repository';
import { deterministicOptions, freshDb } from '../../../../tests/support/db';
import {
  connectAttributeDefinitions,
  loadAttributeDefinitions,
  sortDefinitions,
  useAttributeDefinitions,
} from './attributesStore';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
  useAttributeDefinitions.setState({ definitions: [], loaded: false });
});

function setup() {
  const db = freshDb();
  const repository = createRepository(db, { channelName: null, ...deterministicOptions() });
  cleanups.push(() => {
    repository.close();
    db.close();
  });
  return repository;
}

const fields = (displayName: string, key: string) => ({
  displayName,
  key,
  type: 'text' as const,
  listValues: [],
  description: '',
});

const names = () => useAttributeDefinitions.getState().definitions.map((definition) => definition.displayName);

async function settled(predicate: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !predicate(); attempt++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('attribute definitions store', () => {
  it('loads the stored definitions sorted by display name, ignoring case and accents', async () => {
    const repository = setup();
    await repository.attributeDefinitions.create(fields('zona', 'zona'));
    await repository.attributeDefinitions.create(fields('Ámbito', 'ambito'));
    await repository.attributeDefinitions.create(fields('plan', 'plan'));
    expect(useAttributeDefinitions.getState().loaded).toBe(false);
    await loadAttributeDefinitions(repository);
    expect(useAttributeDefinitions.getState().loaded).toBe(true);
    expect(names()).toEqual(['Ámbito', 'plan', 'zona']);
  });

  it('follows creates, updates and deletes once connected, and connects once per repository', async () => {
    const repository = setup();
    await repository.attributeDefinitions.create(fields('Plan', 'plan'));
    await Promise.all([connectAttributeDefinitions(repository), connectAttributeDefinitions(repository)]);
    expect(names()).toEqual(['Plan']);

    const seats = await repository.attributeDefinitions.create(fields('Seats', 'seats'));
    await settled(() => names().length === 2);
    expect(names()).toEqual(['Plan', 'Seats']);

    await repository.attributeDefinitions.update(seats.id, { displayName: 'Asientos' });
    await settled(() => names()[0] === 'Asientos');
    expect(names()).toEqual(['Asientos', 'Plan']);

    await repository.attributeDefinitions.remove(seats.id);
    await settled(() => names().length === 1);
    expect(names()).toEqual(['Plan']);
  });

  it('never lets an older read overwrite a newer one', async () => {
    const repository = setup();
    let releaseSlow: () => void = () => undefined;
    const slowRepository = {
      attributeDefinitions: {
        ...repository.attributeDefinitions,
        getAll: () =>
          new Promise<Awaited<ReturnType<typeof repository.attributeDefinitions.getAll>>>((resolve) => {
            releaseSlow = () => resolve([]);
          }),
      },
    };
    const slow = loadAttributeDefinitions(slowRepository);
    await repository.attributeDefinitions.create(fields('Plan', 'plan'));
    await loadAttributeDefinitions(repository);
    releaseSlow();
    await slow;
    expect(names()).toEqual(['Plan']);
  });

  it('sortDefinitions breaks display-name ties by key and does not mutate its input', () => {
    const input = [
      { ...fields('Plan', 'plan_b'), id: '1', serverId: null, createdAt: 0, updatedAt: 0 },
      { ...fields('plan', 'plan_a'), id: '2', serverId: null, createdAt: 0, updatedAt: 0 },
    ];
    expect(sortDefinitions(input).map((definition) => definition.key)).toEqual(['plan_a', 'plan_b']);
    expect(input.map((definition) => definition.key)).toEqual(['plan_b', 'plan_a']);
  });
});
