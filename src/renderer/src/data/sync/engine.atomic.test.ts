import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { SyncParticipant } from './engine';
import { STATE_KEYS } from './engine';
import { createTestClient } from '../../../../../tests/support/sync-harness';
import type { SyncRequest, SyncResponse, SyncTransport } from './transport';

/** A server with the extension whose feed has one page: a contact and a note on it. */
function feedServer(): SyncTransport {
  const contact = {
    id: 41,
    name: 'Iris',
    email: 'iris@x.test',
    phone_number: null,
    identifier: null,
    additional_attributes: {},
    custom_attributes: {},
    labels: [],
    version: 1,
    created_at: 1_700_000_000,
    last_activity_at: null,
  };
  const answers: Record<string, unknown> = {
    'sync/capabilities': { sync: { version: 1 } },
    contacts: { meta: { count: 1 }, payload: [contact] },
    'sync/changes': {
      changes: [
        { seq: 1, entity: 'contact', id: 41, op: 'upsert', version: 1, data: contact },
        { seq: 2, entity: 'note', id: 7, op: 'upsert', version: 1, data: { id: 7, content: 'hi', contact_id: 41 } },
      ],
      cursor: '2',
      has_more: false,
    },
  };
  return {
    async request(request: SyncRequest): Promise<SyncResponse> {
      const body = answers[request.path];
      return body === undefined ? { status: 404, headers: {}, body: { error: 'Resource could not be found' } } : { status: 200, headers: {}, body };
    },
  };
}

describe('a pulled page and its cursor', () => {
  it('commit together: when applying the page fails part-way, neither its contacts nor the cursor are kept', async () => {
    const failing: SyncParticipant = {
      name: 'notes that fail',
      feedEntities: ['note'],
      async applyFeed() {
        throw new Error('disk full');
      },
    };
    const client = createTestClient(feedServer(), { participants: [failing] });
    await expect(client.engine.syncNow()).rejects.toThrow('disk full');
    expect(await client.db.contacts.count()).toBe(0);
    expect(await client.sync.getState(STATE_KEYS.cursor)).toBeUndefined();
    client.close();
  });

  it('and when it succeeds, both are there', async () => {
    const seen: number[] = [];
    const notes: SyncParticipant = {
      name: 'notes',
      feedEntities: ['note'],
      async applyFeed(changes) {
        seen.push(...changes.map((c) => c.id));
      },
    };
    const client = createTestClient(feedServer(), { participants: [notes] });
    expect((await client.engine.syncNow()).ok).toBe(true);
    expect((await client.db.contacts.toArray()).map((c) => c.name)).toEqual(['Iris']);
    expect(seen).toEqual([7]);
    expect(await client.sync.getState(STATE_KEYS.cursor)).toBe('2');
    client.close();
  });
});
