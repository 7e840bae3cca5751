import type { RepositoryOptions } from './repository';
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
