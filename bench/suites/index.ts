/** The benchmark suites by name. A new suite is a module exporting a `Suite`, added here. */
import { filterSuite } from '../filter';
import { importSuite } from '../import';
import { serverSuite } from '../server';
import { syncSuite } from '../sync';
import { syncAppSuite } from '../sync-app';
import { gridSuite } from './grid';
import type { Suite } from './types';

export const SUITES: readonly Suite[] = [gridSuite, filterSuite, importSuite, serverSuite, syncSuite, syncAppSuite];

/** Suites the issues ask for that do not exist yet; named so `npm run bench -- import` explains itself. */
export const PLANNED_SUITES = [] as const;

export function findSuite(name: string): Suite | undefined {
  return SUITES.find((suite) => suite.name === name);
}
