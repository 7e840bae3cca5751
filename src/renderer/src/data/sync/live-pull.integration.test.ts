/**
 * Live pull against the real server (extension mode, over a socket): an idle, started engine hears
 * of a change made by someone else within seconds, with no run asked for; hidden, it asks nothing;
 * shown again, it catches up at once. Stock Chatwoot's periodic pull is live-pull.test.ts's (fake timers).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WAKE_MIN_GAP_MS } from './engine';
import { createTestClient, fetchTransportFor, type TestClient } from '../../../../../tests/support/sync-harness';
import { serversForTheseTests } from '../../../../../tests/support/sync-servers';
import type { SyncRequest, SyncTransport } from './transport';

const servers = serversForTheseTests();
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) {
    client.engine.stop();
    // A run live pull started may still be applying a page: closing the database under it made an
    // unhandled DatabaseClosedError once in CI. syncNow() hands back the run under way (or makes one
    // last run, which arms nothing once stopped).
    await client.engine.syncNow().catch(() => undefined);
    client.close();
  }
});

/** The bound against the project's own server. */
const LIVE_BOUND_MS = 5000;

async function setup() {
  const account = await servers.newAccount();
  const direct = fetchTransportFor(servers.url, account.accountId, account.token);
  const requests: SyncRequest[] = [];
  const transport: SyncTransport = { request: (request) => (requests.push(request), direct.request(request)) };
  const client = createTestClient(transport);
  clients.push(client);
  const remote = fetchTransportFor(servers.url, account.accountId, account.token);
  const remoteCreate = async (name: string) => {
    const response = await remote.request({ method: 'POST', path: 'contacts', body: { name } });
    expect(response.status).toBe(200);
  };
  const names = async () => (await client.repository.contacts.getAll()).map((contact) => contact.name).sort();
  return { client, requests, remoteCreate, names };
}

const waitingRequests = (requests: SyncRequest[]) => requests.filter((request) => request.path === 'sync/changes' && request.query?.wait !== undefined);

describe('live pull (extension)', () => {
  it('a contact created on the server reaches an idle engine within 5 s, no run asked for', async () => {
    const { client, requests, remoteCreate, names } = await setup();
    client.engine.start();
    await vi.waitFor(() => expect(waitingRequests(requests)).toHaveLength(1), { timeout: 10_000 });
    expect(client.engine.status().phase).toBe('idle');
    const createdAt = Date.now();
    await remoteCreate('Arrives by itself');
    await vi.waitFor(async () => expect(await names()).toEqual(['Arrives by itself']), { timeout: LIVE_BOUND_MS, interval: 50 });
    expect(Date.now() - createdAt).toBeLessThan(LIVE_BOUND_MS);
    // And it keeps watching: a second change arrives the same way.
    await vi.waitFor(() => expect(waitingRequests(requests).length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    await remoteCreate('And another');
    await vi.waitFor(async () => expect(await names()).toEqual(['And another', 'Arrives by itself']), { timeout: LIVE_BOUND_MS, interval: 50 });
  });

  it('hidden: nothing is asked and nothing arrives; shown again: the change arrives at once', async () => {
    const { client, requests, remoteCreate, names } = await setup();
    client.engine.start();
    await vi.waitFor(() => expect(waitingRequests(requests)).toHaveLength(1), { timeout: 10_000 });
    client.engine.setVisible(false);
    await remoteCreate('Made while hidden');
    // The long-poll under way answers (the change is there) but a hidden window does not act on it.
    await vi.waitFor(() => expect(requests.length).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await names()).toEqual([]);
    const asked = requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(requests.length).toBe(asked);
    client.engine.setVisible(true);
    await vi.waitFor(async () => expect(await names()).toEqual(['Made while hidden']), { timeout: LIVE_BOUND_MS, interval: 50 });
  });

  it('hidden and shown again right after a run: watching resumes (no run for the focus), the change arrives through it', async () => {
    const { client, requests, remoteCreate, names } = await setup();
    client.engine.start();
    await vi.waitFor(() => expect(waitingRequests(requests)).toHaveLength(1), { timeout: 10_000 });
    client.engine.setVisible(false);
    client.engine.setVisible(true);
    const runs = requests.filter((request) => request.path === 'sync/changes' && request.query?.wait === undefined).length;
    await remoteCreate('Back in sight');
    await vi.waitFor(async () => expect(await names()).toEqual(['Back in sight']), { timeout: LIVE_BOUND_MS, interval: 50 });
    // It came through a long-poll (the one under way or a new one) and the run it asked for.
    expect(requests.filter((request) => request.path === 'sync/changes' && request.query?.wait === undefined).length).toBe(runs + 1);
  });

  it('focus syncs at once, but not again within the wake gap', async () => {
    const { client, requests } = await setup();
    client.engine.start();
    await vi.waitFor(() => expect(waitingRequests(requests)).toHaveLength(1), { timeout: 10_000 });
    const runRequests = () => requests.filter((request) => request.path === 'sync/changes' && request.query?.wait === undefined).length;
    // The start's run just ended: a focus now is within the gap and asks nothing.
    client.engine.wake();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = runRequests();
    await new Promise((resolve) => setTimeout(resolve, WAKE_MIN_GAP_MS));
    expect(runRequests()).toBe(before);
    client.engine.wake();
    client.engine.wake();
    await vi.waitFor(() => expect(runRequests()).toBe(before + 1));
    await vi.waitFor(() => expect(client.engine.status().phase).toBe('idle'));
    client.engine.wake();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runRequests()).toBe(before + 1);
  });

  it('stopped: the long-poll under way is left to end and nothing follows', async () => {
    const { client, requests, remoteCreate, names } = await setup();
    client.engine.start();
    await vi.waitFor(() => expect(waitingRequests(requests)).toHaveLength(1), { timeout: 10_000 });
    client.engine.stop();
    const asked = requests.length;
    await remoteCreate('Not for a stopped engine');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(requests.length).toBe(asked);
    expect(await names()).toEqual([]);
  });
});
