import { conversationRequest } from '../../../../../shared/messaging/compose';
import type { OutgoingMessage } from '../../../../../shared/messaging/records';
import { parseContactableInboxes, parseConversation, parseConversationList, parseInboxList, type ServerConversation } from '../../../../../shared/messaging/wire';
import type { SyncFailure } from '../../../../../shared/sync/errors';
import type { MessagesRepository } from '../../store/messages-repository';
import type { WintookDb } from '../../store/schema';
import type { SyncContext, SyncParticipant } from '../participant';

/**
 * New messages in sync (issue 9; docs/messages.md). Push: each queued message becomes
 * `POST /conversations` once its contact is on the server (until then it waits, in order); the
 * server's refusal (422: no email, no phone, unsupported channel, a missing template) marks it
 * rejected with the server's words for "Sync problems". Pull: the account's inboxes (`GET
 * /inboxes`), and for the contacts open in a sidebar their conversations and contactable inboxes.
 */

/** Contacts whose sidebar is open: their conversations are pulled on the next run. */
const watched = new Map<string, number>();

/** Told when the set changes: the engine runs in a worker, which gets the list by message (data/sync/worker-client.ts). */
const watchListeners = new Set<(contactIds: string[]) => void>();

function watchedChanged(): void {
  const now = watchedContacts();
  for (const listener of [...watchListeners]) listener(now);
}

/** The sidebar calls this while a contact is open; the returned function stops it. */
export function watchContactConversations(contactId: string): () => void {
  const before = watched.size;
  watched.set(contactId, (watched.get(contactId) ?? 0) + 1);
  if (watched.size !== before) watchedChanged();
  return () => {
    const left = (watched.get(contactId) ?? 1) - 1;
    if (left <= 0) watched.delete(contactId);
    else watched.set(contactId, left);
    if (left <= 0) watchedChanged();
  };
}

/** `listener` gets the whole list after each change; returns unsubscribe. */
export function onWatchedContactsChange(listener: (contactIds: string[]) => void): () => void {
  watchListeners.add(listener);
  return () => {
    watchListeners.delete(listener);
  };
}

export function watchedContacts(): string[] {
  return [...watched.keys()];
}

function retryLater(message: string): SyncFailure {
  return { kind: 'retry', status: 0, retryAfterMs: null, message };
}

function outgoingOf(changes: Record<string, unknown>): OutgoingMessage | null {
  const { inboxId, content, subject, cc, bcc, template } = changes;
  if (typeof inboxId !== 'number' || typeof content !== 'string') return null;
  return {
    inboxId,
    content,
    subject: typeof subject === 'string' ? subject : '',
    cc: Array.isArray(cc) ? cc.filter((item): item is string => typeof item === 'string') : [],
    bcc: Array.isArray(bcc) ? bcc.filter((item): item is string => typeof item === 'string') : [],
    template: (template as OutgoingMessage['template']) ?? null,
  };
}

export function createMessagesParticipant(db: WintookDb, messages: MessagesRepository, options: { watched?: () => string[] } = {}): SyncParticipant {
  const watchedNow = options.watched ?? watchedContacts;

  /** Stock Chatwoot has no idempotency keys: after a lost answer, look for the conversation first. */
  async function findSent(ctx: SyncContext, contactServerId: number, message: OutgoingMessage, since: number): Promise<{ found: ServerConversation | null; failure: SyncFailure | null }> {
    const { response, failure } = await ctx.call({ method: 'GET', path: `contacts/${contactServerId}/conversations` });
    if (failure) return { found: null, failure };
    const list = parseConversationList(response.body) ?? [];
    const found = list.find((item) => item.inboxId === message.inboxId && item.lastMessage === message.content && item.lastActivityAt >= since - 60_000);
    return { found: found ?? null, failure: null };
  }

  async function pullContact(ctx: SyncContext, contactId: string): Promise<SyncFailure | null> {
    const contact = await db.contacts.get(contactId);
    if (!contact || contact.serverId === null) return null;
    const listed = await ctx.call({ method: 'GET', path: `contacts/${contact.serverId}/conversations` });
    if (listed.failure?.kind === 'not-found') return null;
    if (listed.failure) return listed.failure.kind === 'retry' ? listed.failure : null;
    const list = parseConversationList(listed.response.body);
    if (list) await messages.applyServerConversations(contactId, list);
    const contactable = await ctx.call({ method: 'GET', path: `contacts/${contact.serverId}/contactable_inboxes` });
    if (contactable.failure) return contactable.failure.kind === 'retry' ? contactable.failure : null;
    const links = parseContactableInboxes(contactable.response.body);
    if (links) await messages.setLinks(contactId, links);
    return null;
  }

  return {
    name: 'messages',

    async push(ctx) {
      let deferred: SyncFailure | null = null;
      const waitingContacts = new Set<string>();
      for (const entry of await messages.entries()) {
        const record = await messages.get(entry.entityId);
        const message = outgoingOf(entry.changes);
        if (!record || !message) {
          await messages.reject(entry.seq, 'This message could not be read back; discard it and write it again.');
          continue;
        }
        // One contact's messages go in the order they were written.
        if (waitingContacts.has(record.contactId)) continue;
        const contact = await db.contacts.get(record.contactId);
        if (!contact) {
          await messages.reject(entry.seq, 'The contact was deleted before the message was sent.');
          continue;
        }
        if (contact.serverId === null) {
          // The contact is not on the server yet: its create goes first (contacts push before participants).
          waitingContacts.add(record.contactId);
          continue;
        }
        const unknownOutcome = entry.state === 'in-flight';
        await messages.markInFlight(entry.seq);
        let server: ServerConversation | null = null;
        if (ctx.mode === 'strict' && unknownOutcome) {
          const lookup = await findSent(ctx, contact.serverId, message, entry.createdAt);
          if (lookup.failure && lookup.failure.kind !== 'not-found') {
            await messages.setError(entry.seq, lookup.failure.message);
            deferred ??= lookup.failure;
            waitingContacts.add(record.contactId);
            continue;
          }
          server = lookup.found;
        }
        if (!server) {
          const { response, failure } = await ctx.call({
            method: 'POST',
            path: 'conversations',
            body: conversationRequest(contact.serverId, message),
            idempotencyKey: ctx.mode === 'extension' ? entry.idempotencyKey : undefined,
          });
          if (failure) {
            if (failure.kind === 'rejected' || failure.kind === 'not-found' || failure.kind === 'already-applied' || failure.kind === 'precondition') {
              const reason = failure.kind === 'not-found' ? 'The contact or the inbox no longer exists on the server.' : failure.message;
              await messages.reject(entry.seq, reason);
            } else {
              await messages.setError(entry.seq, failure.message);
              deferred ??= failure;
              waitingContacts.add(record.contactId);
            }
            continue;
          }
          server = parseConversation(response.body);
          if (!server) {
            await messages.setError(entry.seq, 'The server’s answer was not a conversation');
            deferred ??= retryLater('The server’s answer was not a conversation');
            waitingContacts.add(record.contactId);
            continue;
          }
        }
        await messages.ackSent(entry.seq, record.id, server);
      }
      return deferred;
    },

    async pull(ctx) {
      await messages.dropOrphans();
      const { response, failure } = await ctx.call({ method: 'GET', path: 'inboxes' });
      if (failure) return failure.kind === 'retry' ? failure : null;
      const inboxes = parseInboxList(response.body, ctx.now());
      if (inboxes) await messages.replaceInboxes(inboxes);
      let deferred: SyncFailure | null = null;
      for (const contactId of watchedNow()) deferred ??= await pullContact(ctx, contactId);
      return deferred;
    },

    async counts() {
      let waiting = 0;
      let rejected = 0;
      for (const entry of await messages.entries({ includeRejected: true })) {
        if (entry.state === 'rejected') rejected += 1;
        else waiting += 1;
      }
      return { waiting, rejected };
    },

    async hasPending() {
      const entries = await messages.entries();
      for (const entry of entries) {
        if (entry.state !== 'pending') continue;
        const record = await messages.get(entry.entityId);
        const contact = record ? await db.contacts.get(record.contactId) : undefined;
        // A message still waiting for its contact's create is not "more to push" this run.
        if (!contact || contact.serverId !== null) return true;
      }
      return false;
    },
  };
}
