import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyContactFields, type ContactFields } from '../../../../shared/contact';
import type { ServerContact } from '../../../../shared/sync/wire';
import { DELETED_ON_SERVER_FIELD, HELD_DELETED_ON_SERVER } from './sync-repository';
import { repositoryForEachTest, settle } from '../../../../../tests/support/db';

const t = repositoryForEachTest();

const server = (serverId: number, version: number, fields: Partial<ContactFields>): ServerContact => ({
  serverId,
  version,
  fields: { ...emptyContactFields(), ...fields },
  createdAt: 1,
  lastActivityAt: null,
  labelsKnown: true,
});

const byServerId = async (serverId: number) => (await t.db.contacts.toArray()).find((c) => c.serverId === serverId);

describe('applyServerPage', () => {
  it('Last activity only moves forward: an older server copy does not undo a message sent here', async () => {
    await t.repository.sync.applyServerPage({ contacts: [{ ...server(9, 1, { name: 'Act' }), lastActivityAt: 5000 }], labels: [], deletedServerIds: [] });
    expect((await byServerId(9))?.lastActivityAt).toBe(5000);
    await t.repository.sync.applyServerPage({ contacts: [{ ...server(9, 2, { name: 'Act' }), lastActivityAt: 3000 }], labels: [], deletedServerIds: [] });
    expect((await byServerId(9))?.lastActivityAt).toBe(5000);
    await t.repository.sync.applyServerPage({ contacts: [{ ...server(9, 3, { name: 'Act' }), lastActivityAt: null }], labels: [], deletedServerIds: [] });
    expect((await byServerId(9))?.lastActivityAt).toBe(5000);
    await t.repository.sync.applyServerPage({ contacts: [{ ...server(9, 4, { name: 'Act' }), lastActivityAt: 9000 }], labels: [], deletedServerIds: [] });
    expect((await byServerId(9))?.lastActivityAt).toBe(9000);
  });

  it('applies a page of hundreds of contacts that need no write (no request per contact) and commits its cursor', async () => {
    const page = Array.from({ length: 300 }, (_, i) => server(i + 1, 1, { name: `C${i}`, email: `c${i}@x.es` }));
    expect(await t.repository.sync.applyServerPage({ contacts: page, labels: [], deletedServerIds: [] })).toMatchObject({ created: 300 });
    // The same page again: nothing changes, so the apply loop makes no database request at all;
    // the cursor written after it must still commit with the page (one transaction).
    const again = await t.repository.sync.atomically(async () => {
      const result = await t.repository.sync.applyServerPage({ contacts: page, labels: [], deletedServerIds: [] });
      await t.repository.sync.setState('cursor', 'c-300');
      return result;
    });
    expect(again).toEqual({ created: 0, updated: 0, deleted: 0, conflicts: 0 });
    expect(await t.repository.sync.getState('cursor')).toBe('c-300');
    expect(await t.db.contacts.count()).toBe(300);
  });

  it('keeps the last state of a contact that comes twice in a page, with its labels, and deletes one deleted later in the page', async () => {
    const result = await t.repository.sync.applyServerPage({
      contacts: [server(5, 1, { name: 'A' }), server(6, 1, { name: 'Gone soon' }), server(5, 2, { name: 'B' })],
      labels: [{ serverId: 5, labels: ['vip'] }],
      deletedServerIds: [6],
    });
    expect(result).toMatchObject({ created: 2, deleted: 1 });
    expect(await t.db.contacts.count()).toBe(1);
    expect(await byServerId(5)).toMatchObject({ name: 'B', version: 2, labels: ['vip'] });
    await settle();
    const [event] = t.events.filter((e) => e.entity === 'contact');
    // One event, each record's last state: B put, the other announced deleted (never shown as put).
    expect(event.put.map((c) => c.name)).toEqual(['B']);
    expect(event.deleted).toHaveLength(1);
  });

  it('a contact changed and deleted on the server in one page while edited here: the merge is stored, the edit held and the user asked', async () => {
    await t.repository.sync.applyServerPage({ contacts: [server(7, 1, { name: 'A', city: 'Madrid' })], labels: [], deletedServerIds: [] });
    const local = (await byServerId(7))!;
    await t.repository.contacts.update(local.id, { city: 'Lima' });
    const result = await t.repository.sync.applyServerPage({ contacts: [server(7, 2, { name: 'B', city: 'Madrid' })], labels: [], deletedServerIds: [7] });
    expect(result.conflicts).toBe(1);
    // Stored as announced: the server's name merged with the local city (not the row before the page).
    expect(await t.db.contacts.get(local.id)).toMatchObject({ name: 'B', city: 'Lima', version: 2 });
    const outbox = await t.db.outbox.toArray();
    expect(outbox.map((e) => [e.op, e.state, e.lastError])).toEqual([['update', 'rejected', HELD_DELETED_ON_SERVER]]);
    const [conflict] = await t.db.conflicts.toArray();
    expect(conflict).toMatchObject({ contactId: local.id, field: DELETED_ON_SERVER_FIELD, localValue: expect.objectContaining({ name: 'B', city: 'Lima' }) });
  });
});
