/**
 * The real sync servers (extension and stock-Chatwoot modes, PGlite) for one test file or describe
 * block: started before its tests, stopped after. Kept apart from tests/support/sync-harness.ts, which scripts
 * (the soak, the sync bench) import without vitest.
 */
import { afterAll, beforeAll } from 'vitest';
import { startServers, type ServerHarness } from './sync-harness';

export type TestServers = Omit<ServerHarness, 'close'>;

export function serversForTheseTests(): TestServers {
  let started: ServerHarness | undefined;
  beforeAll(async () => {
    started = await startServers();
  }, 60_000);
  afterAll(async () => {
    await started?.close();
  });
  const get = (): ServerHarness => {
    if (!started) throw new Error('The test servers are used before beforeAll started them');
    return started;
  };
  return {
    get db() {
      return get().db;
    },
    get app() {
      return get().app;
    },
    get strictApp() {
      return get().strictApp;
    },
    get url() {
      return get().url;
    },
    get strictUrl() {
      return get().strictUrl;
    },
    newAccount: () => get().newAccount(),
  };
}
