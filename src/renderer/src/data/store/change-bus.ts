import type { Contact } from '../../../../shared/contact';
import type { ConversationRecord } from '../../../../shared/messaging/records';
import type { AttributeDefinition, Label, Note, Segment } from '../../../../shared/records';

/** Who made a change: the user, the sync engine applying server data, a CSV import, or demo data. */
export const CHANGE_ORIGINS = ['local', 'sync', 'import', 'seed'] as const;
export type ChangeOrigin = (typeof CHANGE_ORIGINS)[number];

/**
 * What one committed transaction did to one kind of record. Contacts that come from the channel
 * (another window, a worker) carry `base: null` (see {@link postChange}).
 */
export type ChangeEvent =
  | { entity: 'contact'; put: Contact[]; deleted: string[]; origin: ChangeOrigin }
  | { entity: 'label'; put: Label[]; deleted: string[]; origin: ChangeOrigin }
  | { entity: 'attributeDefinition'; put: AttributeDefinition[]; deleted: string[]; origin: ChangeOrigin }
  | { entity: 'segment'; put: Segment[]; deleted: string[]; origin: ChangeOrigin }
  | { entity: 'note'; put: Note[]; deleted: string[]; origin: ChangeOrigin }
  | { entity: 'conversation'; put: ConversationRecord[]; deleted: string[]; origin: ChangeOrigin };

export type ChangeListener = (event: ChangeEvent) => void;

/** The channel every window of the app shares, so a change made in one shows in the others. */
export const CHANGES_CHANNEL_NAME = 'wintook-changes';

interface ChangeMessage {
  /** The bus that posted it: a bus ignores its own messages (echo guard). */
  source: string;
  event: ChangeEvent;
}

/**
 * Records per message on the channel: each message is decoded (structured clone) in one task of
 * every window's main thread, and a whole 2,000-contact import batch made one of the import's
 * longest tasks there.
 */
export const CHANNEL_SLICE = 250;

/**
 * Posts one committed change to the other windows: in messages of {@link CHANNEL_SLICE} records,
 * and each contact without its `base`. `base` (the server's last snapshot, for three-way merge)
 * is read only by the store, inside its own transactions, from the database; a window keeps
 * contacts to list, search and show them. Sent along, it nearly doubled what every window decoded
 * on its main thread per contact. So a contact that arrives from the channel has `base: null`
 * whatever the database holds (docs/architecture.md "Workers").
 */
export function postChange(channel: Pick<BroadcastChannel, 'postMessage'>, source: string, event: ChangeEvent): void {
  for (let from = 0; from < event.put.length || from === 0; from += CHANNEL_SLICE) {
    const slice = event.put.slice(from, from + CHANNEL_SLICE);
    const put = event.entity === 'contact' ? (slice as Contact[]).map(withoutBase) : slice;
    const deleted = from === 0 ? event.deleted : [];
    if (put.length + deleted.length > 0) channel.postMessage({ source, event: { ...event, put, deleted } as ChangeEvent } satisfies ChangeMessage);
  }
}

function withoutBase(contact: Contact): Contact {
  return contact.base === null ? contact : { ...contact, base: null };
}

export interface ChangeBusOptions {
  /** BroadcastChannel name; null turns cross-window delivery off. */
  channelName?: string | null;
  /** Where a throwing listener's error goes; it never reaches the writer or the other listeners. */
  onListenerError?: (error: unknown) => void;
}

export interface ChangeBus {
  subscribe(listener: ChangeListener): () => void;
  /** Delivers committed changes here and posts them to the other windows. */
  publish(events: readonly ChangeEvent[]): void;
  close(): void;
}

function defaultListenerError(error: unknown): void {
  // Surfaces in the console and in window 'error' handlers (and so in e2e page errors) without
  // unwinding the write that triggered it.
  if (typeof reportError === 'function') reportError(error);
}

export function createChangeBus(options: ChangeBusOptions = {}): ChangeBus {
  const listeners = new Set<ChangeListener>();
  const onListenerError = options.onListenerError ?? defaultListenerError;
  const source = crypto.randomUUID();
  const channelName = options.channelName === undefined ? CHANGES_CHANNEL_NAME : options.channelName;
  let channel: BroadcastChannel | null = null;
  if (channelName !== null && typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel(channelName);
    channel.onmessage = (message: MessageEvent<unknown>) => {
      const data = message.data;
      if (!isChangeMessage(data) || data.source === source) return;
      deliver(data.event);
    };
  }

  function deliver(event: ChangeEvent): void {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        onListenerError(error);
      }
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    publish(events) {
      for (const event of events) {
        if (event.put.length === 0 && event.deleted.length === 0) continue;
        deliver(event);
        if (!channel) continue;
        try {
          postChange(channel, source, event);
        } catch (error) {
          // A closed channel or an uncloneable value must not fail a write that has committed.
          onListenerError(error);
        }
      }
    },
    close() {
      listeners.clear();
      channel?.close();
      channel = null;
    },
  };
}

/**
 * Messages from other windows are parsed like any other boundary input. The check is structural
 * and shallow (ids only): the records were read back from our own database by our own code, and a
 * deep parse of a 2,000-contact import batch per window would cost more than it protects.
 */
export function isChangeMessage(data: unknown): data is ChangeMessage {
  if (typeof data !== 'object' || data === null) return false;
  const { source, event } = data as Record<string, unknown>;
  if (typeof source !== 'string' || typeof event !== 'object' || event === null) return false;
  const { entity, put, deleted, origin } = event as Record<string, unknown>;
  return (
    (entity === 'contact' || entity === 'label' || entity === 'attributeDefinition' || entity === 'segment' || entity === 'note') &&
    typeof origin === 'string' &&
    (CHANGE_ORIGINS as readonly string[]).includes(origin) &&
    Array.isArray(deleted) &&
    deleted.every((id) => typeof id === 'string') &&
    Array.isArray(put) &&
    put.every(
      (record) =>
        typeof record === 'object' && record !== null && typeof (record as { id?: unknown }).id === 'string',
    )
  );
}
