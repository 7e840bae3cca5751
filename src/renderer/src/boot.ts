import { readFirstRowsSnapshot } from './data/index/first-rows-snapshot';
import { startEarlyReads } from './data/store/early-read';
import { DEFAULT_DB_NAME } from './data/store/name';

// The first thing the page runs: start reading the contacts (the last start's first rows first, when
// it left their ids: data/index/first-rows-snapshot.ts), then load the app beside it.
performance.mark('wintook:start:boot');
const snapshot = readFirstRowsSnapshot(globalThis.localStorage, DEFAULT_DB_NAME);
const early = startEarlyReads(snapshot?.ids ?? null);
void import('./main').then((app) => app.start(early, snapshot));
