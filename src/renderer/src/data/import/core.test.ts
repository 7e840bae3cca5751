import 'fake-indexeddb/auto';
import { afterEach, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import { CHANNEL_SLICE, type ChangeEvent } from '../store/change-bus';
import { freshDb } from '../../../../../tests/support/db';
import { createWorkerCore } from './core';

const closers: (() => void)[] = [];
afterEach(() => {
  while (closers.length) closers.pop()?.();
});

function contact(i: number): Contact {
  return { ...emptyContactFields(), id: `c${i}`, name: `C ${i}`, serverId: null, createdAt: 1, lastActivityAt: null, updatedAt: 1, version: null, base: null };
}

function synced(i: number): Contact {
  return { ...contact(i), serverId: 100 + i, version: 1, base: { ...emptyContactFields(), name: `C ${i} as the server had it` } };
}

/** A worker core on a channel of its own, and the events another window receives from it. */
function workerCoreOnChannel() {
  const name = `test-changes-${crypto.randomUUID()}`;
  const db = freshDb();
  const core = createWorkerCore(db, name);
  const listener = new BroadcastChannel(name);
  closers.push(() => core.close(), () => listener.close(), () => db.close());
  const received: ChangeEvent[] = [];
  listener.onmessage = (message: MessageEvent<{ source: string; event: ChangeEvent }>) => received.push(message.data.event);
  return { db, core, received };
}

it('announces a batch on the changes channel in slices that add up to the batch, deletions once', async () => {
  const { db, core, received } = workerCoreOnChannel();
  const put = Array.from({ length: CHANNEL_SLICE * 2 + 7 }, (_, i) => contact(i));
  await core.write([db.contacts], async (events) => {
    events.push({ entity: 'contact', put, deleted: ['gone'], origin: 'import' });
    events.push({ entity: 'contact', put: [], deleted: ['gone-too'], origin: 'import' });
  });
  await expect.poll(() => received.length).toBe(4);
  expect(received.map((e) => e.put.length)).toEqual([CHANNEL_SLICE, CHANNEL_SLICE, 7, 0]);
  expect(received.flatMap((e) => e.put.map((c) => c.id))).toEqual(put.map((c) => c.id));
  expect(received.map((e) => e.deleted)).toEqual([['gone'], [], [], ['gone-too']]);
  expect(received.every((e) => e.entity === 'contact' && e.origin === 'import')).toBe(true);
});

it('sends contacts without their base, and leaves the writer\'s own contacts as they are', async () => {
  const { db, core, received } = workerCoreOnChannel();
  const put = [synced(1), contact(2)];
  await core.write([db.contacts], async (events) => {
    events.push({ entity: 'contact', put, deleted: [], origin: 'sync' });
  });
  await expect.poll(() => received.length).toBe(1);
  const [event] = received;
  expect(event?.put).toEqual([{ ...synced(1), base: null }, contact(2)]);
  expect(put[0]?.base?.name).toBe('C 1 as the server had it');
});
