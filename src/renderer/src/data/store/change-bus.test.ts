import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import { createChangeBus, isChangeMessage, type ChangeBus, type ChangeEvent } from './change-bus';

const buses: ChangeBus[] = [];
afterEach(() => {
  while (buses.length > 0) buses.pop()?.close();
});

function bus(channelName: string | null): ChangeBus {
  const created = createChangeBus({ channelName });
  buses.push(created);
  return created;
}

const event: ChangeEvent = { entity: 'label', put: [], deleted: ['l1'], origin: 'local' };

describe('isChangeMessage', () => {
  it('accepts a well-formed message', () => {
    expect(isChangeMessage({ source: 's', event })).toBe(true);
    expect(
      isChangeMessage({
        source: 's',
        event: { entity: 'contact', put: [{ id: 'c' }], deleted: [], origin: 'sync' },
      }),
    ).toBe(true);
  });

  it.each([
    null,
    'text',
    42,
    {},
    { source: 1, event },
    { source: 's' },
    { source: 's', event: null },
    { source: 's', event: { ...event, entity: 'message' } },
    { source: 's', event: { ...event, origin: 'hacker' } },
    { source: 's', event: { ...event, origin: 'toString' } },
    { source: 's', event: { ...event, deleted: 'l1' } },
    { source: 's', event: { ...event, deleted: [1] } },
    { source: 's', event: { ...event, put: [null] } },
    { source: 's', event: { ...event, put: [{ id: 7 }] } },
    { source: 's', event: { ...event, put: {} } },
  ])('rejects %j', (data) => {
    expect(isChangeMessage(data)).toBe(false);
  });
});

describe('createChangeBus', () => {
  it('skips empty events', () => {
    const local = bus(null);
    const listener = vi.fn();
    local.subscribe(listener);
    local.publish([{ entity: 'contact', put: [], deleted: [], origin: 'local' }, event]);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(event);
  });

  it('ignores malformed messages posted on the channel by someone else', async () => {
    const name = `bus-test-${crypto.randomUUID()}`;
    const receiver = bus(name);
    const listener = vi.fn();
    receiver.subscribe(listener);
    const stranger = new BroadcastChannel(name);
    stranger.postMessage({
      source: 'x',
      event: { entity: 'contact', put: 'all', deleted: [], origin: 'local' },
    });
    stranger.postMessage({ source: 'x', event });
    await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(1));
    expect(listener).toHaveBeenCalledWith(event);
    stranger.close();
  });

  it("gives this window's listeners the contacts as written and the other windows them without base", async () => {
    const name = `bus-test-${crypto.randomUUID()}`;
    const sender = bus(name);
    const receiver = bus(name);
    const here = vi.fn();
    const there = vi.fn();
    sender.subscribe(here);
    receiver.subscribe(there);
    const fields = { ...emptyContactFields(), name: 'Ana' };
    const synced: Contact = { ...fields, id: 'c1', serverId: 7, createdAt: 1, lastActivityAt: null, updatedAt: 2, version: 3, base: { ...fields, name: 'Ana (server)' } };
    sender.publish([{ entity: 'contact', put: [synced], deleted: [], origin: 'local' }]);
    await vi.waitFor(() => expect(there).toHaveBeenCalledTimes(1));
    expect(here).toHaveBeenCalledWith({ entity: 'contact', put: [synced], deleted: [], origin: 'local' });
    expect(synced.base?.name).toBe('Ana (server)');
    expect(there).toHaveBeenCalledWith({ entity: 'contact', put: [{ ...synced, base: null }], deleted: [], origin: 'local' });
  });

  it('stops delivering after close, and publishing after close does not throw', async () => {
    const name = `bus-test-${crypto.randomUUID()}`;
    const sender = bus(name);
    const receiver = bus(name);
    const listener = vi.fn();
    receiver.subscribe(listener);
    receiver.close();
    sender.publish([event]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(listener).not.toHaveBeenCalled();
    sender.close();
    expect(() => sender.publish([event])).not.toThrow();
  });
});
