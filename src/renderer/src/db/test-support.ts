import { afterEach, beforeEach } from 'vitest';
import type { ChangeEvent } from './change-bus';
import { createRepository, type Repository, type RepositoryOptions } from './repository';
import { WintookDb } from './schema';

/**
 * Helpers for the data-layer tests (imported only by `*.test.ts`). Each test gets its own database
 * name so tests never see each other's rows; fake-indexeddb must be loaded by the test file first.
 */
let databases = 0;

export function freshDb(): WintookDb {
  databases += 1;
  return new WintookDb(`wintook-test-${databases}-${crypto.randomUUID()}`);
}

/** Deterministic ids (valid v4-shaped UUIDs) and a clock that advances 1 ms per reading. */
export function deterministicOptions(start = 1_700_000_000_000): Required<
  Pick<RepositoryOptions, 'now' | 'newId'>
> & {
  readonly clock: { value: number };
} {
  let ids = 0;
  const clock = { value: start };
  return {
    clock,
    now: () => clock.value++,
    newId: () => {
      ids += 1;
      return `00000000-0000-4000-8000-${ids.toString(16).padStart(12, '0')}`;
    },
  };
}

/**
 * A repository on a fresh database for each test of the calling file, without the cross-window
 * channel, recording every change event it announces; closed after each test. Read its fields
 * inside tests (they are replaced before each one).
 */
export function repositoryForEachTest(): { db: WintookDb; repository: Repository; events: ChangeEvent[] } {
  const current = {} as { db: WintookDb; repository: Repository; events: ChangeEvent[] };
  beforeEach(() => {
    current.db = freshDb();
    current.repository = createRepository(current.db, { channelName: null });
    current.events = [];
    current.repository.changes.subscribe((event) => current.events.push(event));
  });
  afterEach(() => {
    current.repository.close();
    current.db.close();
  });
  return current;
}

/** Lets change events announced after a commit (a task later) arrive. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
