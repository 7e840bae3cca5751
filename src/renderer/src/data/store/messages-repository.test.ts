import 'fake-indexeddb/auto';
import { describe, expect, test, vi } from 'vitest';
import type { OutgoingMessage } from '../../../../shared/messaging/records';
import type { ServerConversation } from '../../../../shared/messaging/wire';
import { createMessagesRepository } from './messages-repository';
import type { ChangeEvent } from './change-bus';
import { createRepositoryCore } from './records-repository';
import { createRepository } from './repository';
import { freshDb } from '../../../../../tests/support/db';

const message = (content: string, inboxId = 1): OutgoingMessage => ({ inboxId, content, subject: 'S', cc: ['b@x.test'], bcc: [], template: null });
const server = (serverId: number, patch: Partial<ServerConversation> = {}): ServerConversation => ({
  serverId,
  inboxId: 1,
  status: 'open',
  lastMessage: `m${serverId}`,
  lastIncomingAt: null,
  lastActivityAt: 1000 * serverId,
  createdAt: 1000,
  ...patch,
});

function setup() {
  const db = freshDb();
  const core = createRepositoryCore(db, () => undefined);
  return { db, core, messages: createMessagesRepository(db, core) };
}

describe('messages repository', () => {
  test('send writes the conversation and its outbox row together', async () => {
    const { db, messages } = setup();
    const seen: (readonly string[] | null)[] = [];
    messages.subscribe((ids) => seen.push(ids));
    const record = await messages.send('c1', message('hola'));
    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({ entity: 'message', op: 'create', entityId: record.id, state: 'pending', changes: { contactId: 'c1', inboxId: 1, content: 'hola', cc: ['b@x.test'] } });
    expect(await messages.conversationsOf('c1')).toMatchObject([{ id: record.id, serverId: null, sendState: 'waiting', lastMessage: 'hola', outboxSeq: row.seq }]);
    expect(seen).toEqual([['c1']]);
  });

  test('send moves the contact’s Last activity to the sending time, announced as a change of the contact', async () => {
    const db = freshDb();
    let clock = 1_000_000;
    const repository = createRepository(db, { channelName: null, now: () => clock });
    const events: ChangeEvent[] = [];
    repository.changes.subscribe((event) => events.push(event));
    const ana = await repository.contacts.create({ name: 'Ana', email: 'ana@x.test' });
    expect((await repository.contacts.get(ana.id))?.lastActivityAt).toBeNull();
    clock = 2_000_000;
    await repository.messages.send(ana.id, message('hola'));
    expect((await repository.contacts.get(ana.id))?.lastActivityAt).toBe(2_000_000);
    await vi.waitFor(() => expect(events.some((event) => event.entity === 'contact' && event.put.some((c) => c.id === ana.id && c.lastActivityAt === 2_000_000))).toBe(true));
    // Not a change for the server (it sets last_activity_at itself): only the message's row waits.
    expect((await db.outbox.toArray()).filter((row) => row.entity === 'contact' && row.op !== 'create')).toEqual([]);
    // A clock behind the recorded activity does not move it back.
    clock = 1_500_000;
    await repository.messages.send(ana.id, message('otra'));
    expect((await repository.contacts.get(ana.id))?.lastActivityAt).toBe(2_000_000);
    repository.close();
    db.close();
  });

  test('an aborted send leaves nothing behind', async () => {
    const { db } = setup();
    const core = createRepositoryCore(db, () => undefined);
    const failing = createMessagesRepository(db, {
      ...core,
      outboxEntry: () => {
        throw new Error('disk full');
      },
    });
    await expect(failing.send('c1', message('x'))).rejects.toThrow('disk full');
    expect(await db.conversations.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  test('send states follow the outbox row; a rejected one keeps the server’s words', async () => {
    const { messages } = setup();
    const record = await messages.send('c1', message('x'));
    const [entry] = await messages.entries();
    await messages.markInFlight(entry.seq);
    expect((await messages.conversationsOf('c1'))[0].sendState).toBe('sending');
    await messages.reject(entry.seq, 'param is missing');
    expect(await messages.conversationsOf('c1')).toMatchObject([{ id: record.id, sendState: 'rejected', sendError: 'param is missing' }]);
    expect(await messages.entries()).toEqual([]);
    expect(await messages.entries({ includeRejected: true })).toHaveLength(1);
  });

  test('server lists replace cached conversations by server id and keep the unsent ones', async () => {
    const { messages } = setup();
    const unsent = await messages.send('c1', message('pending'));
    await messages.applyServerConversations('c1', [server(1), server(2)]);
    const idOfTwo = (await messages.conversationsOf('c1')).find((view) => view.serverId === 2)!.id;
    await messages.applyServerConversations('c1', [server(2, { status: 'resolved', lastMessage: 'new' }), server(3)]);
    const views = await messages.conversationsOf('c1');
    // Unsent first, then newest activity; ids stable; #1 (not in the newest-20 list) kept.
    expect(views.map((view) => [view.serverId, view.status, view.lastMessage])).toEqual([
      [null, 'open', 'pending'],
      [3, 'open', 'm3'],
      [2, 'resolved', 'new'],
      [1, 'open', 'm1'],
    ]);
    expect(views[0].id).toBe(unsent.id);
    expect(views.find((view) => view.serverId === 2)!.id).toBe(idOfTwo);
    expect(await messages.conversationsOf('other')).toEqual([]);
  });

  test('ackSent gives the record its server id; a locked inbox’s existing conversation is not duplicated', async () => {
    const { db, messages } = setup();
    await messages.applyServerConversations('c1', [server(7)]);
    const record = await messages.send('c1', message('again'));
    const [entry] = await messages.entries();
    await messages.ackSent(entry.seq, record.id, server(7, { lastMessage: 'again', lastActivityAt: 9_000_000 }));
    const views = await messages.conversationsOf('c1');
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ id: record.id, serverId: 7, sendState: null, outgoing: null, lastMessage: 'again' });
    expect(await db.outbox.count()).toBe(0);
  });

  test('dropOrphans removes unsent conversations whose row was discarded, nothing else', async () => {
    const { db, messages } = setup();
    const kept = await messages.send('c1', message('kept'));
    const dropped = await messages.send('c1', message('dropped'));
    await messages.applyServerConversations('c1', [server(1)]);
    const row = (await db.outbox.toArray()).find((entry) => entry.entityId === dropped.id)!;
    await db.outbox.delete(row.seq);
    // Hidden at once, deleted on the next sync.
    expect((await messages.conversationsOf('c1')).map((view) => view.id)).not.toContain(dropped.id);
    expect(await messages.dropOrphans()).toBe(1);
    expect(await db.conversations.get(dropped.id)).toBeUndefined();
    expect(await db.conversations.get(kept.id)).toBeDefined();
    expect(await db.conversations.where('serverId').equals(1).count()).toBe(1);
  });

  test('inboxes and links are replaced as a whole', async () => {
    const { messages } = setup();
    await messages.replaceInboxes([{ id: 2, name: 'B', channelType: 'Channel::Sms', provider: null, fetchedAt: 1 }, { id: 1, name: 'A', channelType: 'Channel::Email', provider: null, fetchedAt: 1 }]);
    await messages.replaceInboxes([{ id: 3, name: 'C', channelType: 'Channel::Api', provider: null, fetchedAt: 2 }, { id: 1, name: 'A2', channelType: 'Channel::Email', provider: null, fetchedAt: 2 }]);
    expect((await messages.inboxes()).map((inbox) => inbox.name)).toEqual(['A2', 'C']);
    expect(await messages.linksOf('c1')).toEqual([]);
    await messages.setLinks('c1', [{ inboxId: 4, sourceId: 'v', hmacVerified: true }]);
    expect(await messages.linksOf('c1')).toEqual([{ inboxId: 4, sourceId: 'v', hmacVerified: true }]);
  });
});
