import type { AttributeType } from '../../../shared/records';
import { validateFilter } from '../../../shared/filters';
import { type Repository } from '../data/api';
import { applyFilter, clearFilter, useFilters } from './store';

/**
 * What `bench/filter.ts` drives, only with `?bench=1`: the same path as the builder's Submit
 * (validate, compile once, store the predicate; the grid re-lists), without typing five rows per
 * sample. Never installed otherwise.
 */
export interface FilterBenchHook {
  /** Applies a payload as Submit does; resolves to the error codes when it is not valid. */
  apply(payload: unknown[]): Promise<{ ok: true; syncMs: number } | { ok: false; errors: string[] }>;
  clear(): Promise<void>;
  /** Creates a custom attribute definition when none has this key, and waits until the catalogue has it. */
  defineAttribute(definition: {
    key: string;
    displayName: string;
    type: AttributeType;
    listValues?: string[];
  }): Promise<void>;
}

declare global {
  interface Window {
    __wintookFilterBench?: FilterBenchHook;
  }
}

export function installFilterBenchHook(repository: Repository): () => void {
  const hook: FilterBenchHook = {
    async apply(payload) {
      const started = performance.now();
      const validation = validateFilter(payload, useFilters.getState().attributes);
      if (!validation.ok)
        return { ok: false, errors: validation.errors.map((error) => `${error.index}:${error.code}`) };
      const saved = applyFilter(repository, validation.filter, null);
      // Validation, compilation and the store's synchronous subscribers (the grid asks for its rows).
      const syncMs = performance.now() - started;
      await saved;
      return { ok: true, syncMs };
    },
    clear: () => clearFilter(repository),
    async defineAttribute(definition) {
      const existing = await repository.attributeDefinitions.getAll();
      if (!existing.some((item) => item.key === definition.key)) {
        await repository.attributeDefinitions.create({
          key: definition.key,
          displayName: definition.displayName,
          type: definition.type,
          listValues: definition.listValues ?? [],
          description: '',
        });
      }
      const deadline = Date.now() + 10_000;
      while (!useFilters.getState().attributes.some((attribute) => attribute.key === definition.key)) {
        if (Date.now() > deadline)
          throw new Error(`attribute ${definition.key} never reached the filter catalogue`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
  window.__wintookFilterBench = hook;
  return () => {
    if (window.__wintookFilterBench === hook) delete window.__wintookFilterBench;
  };
}
