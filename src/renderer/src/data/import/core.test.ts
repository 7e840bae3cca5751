import 'fake-indexeddb/auto';
import { afterEach, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import type { ChangeEvent } from '../store/change-bus';
import { freshDb } from '../../../../../tests/support/db';
import { EVENT_SLICE, createWorkerCore } from './core';

const closers: (() => void)[] = [];
afterEach(() => {
  while (closers.length) closers.pop()?.();
});

function contact(i: number): Contact {
  return { ...emptyContactFields(), id: `c${i}`, name: `C ${i}`, serverId: null, createdAt: 1, lastActivityAt: null, updatedAt: 1, version: null, base: null };
}

it('announces a batch on the changes channel in slices that add up to the batch, deletions once', async () => {
  const name = `test-changes-${crypto.randomUUID()}`;
  const db = freshDb();
  const core = createWorkerCore(db, name);
  const listener = new BroadcastChannel(name);
  closers.push(() => core.close(), () => listener.close(), () => db.close());
  const received: ChangeEvent[] = [];
  listener.onmessage = (message: MessageEvent<{ source: string; event: ChangeEvent }>) => received.push(message.data.event);
  const put = Array.from({ length: EVENT_SLICE * 2 + 7 }, (_, i) => contact(i));
  await core.write([db.contacts], async (events) => {
    events.push({ entity: 'contact', put, deleted: ['gone'], origin: 'import' });
    events.push({ entity: 'contact', put: [], deleted: ['gone-too'], origin: 'import' });
  });
  await expect.poll(() => received.length).toBe(4);
  expect(received.map((e) => e.put.length)).toEqual([EVENT_SLICE, EVENT_SLICE, 7, 0]);
  expect(received.flatMap((e) => e.put.map((c) => c.id))).toEqual(put.map((c) => c.id));
  expect(received.map((e) => e.deleted)).toEqual([['gone'], [], [], ['gone-too']]);
  expect(received.every((e) => e.entity === 'contact' && e.origin === 'import')).toBe(true);
});
