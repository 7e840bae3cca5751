import { recordIdOf } from '../../../../../shared/sync/outbox';
import type { Note, OutboxEntry } from '../../../../../shared/records';
import type { SyncFailure } from '../../../../../shared/sync/errors';
import type { SyncRepository } from '../../store/sync-repository';
import type { FeedChange, SyncContext, SyncParticipant } from '../participant';
import { pushEntity, retryLater, type PushOutcome } from './push-queue';
import { noteBody, parseNoteJson, type ServerRecord } from './records-wire';

/**
 * Contact notes (`/contacts/:id/notes`, notes §5; docs/sync.md "Notes").
 * - A note of a contact not on the server yet waits for the contact's create (contacts push first).
 * - Both sides edited the same note: the server's text stays and a conflict `note:<id>` is recorded
 *   on its contact (shown in the contact's conflict box with "Keep mine" / "Keep theirs").
 * - A note moved by a contact merge is created on the surviving contact (the merged-away contact's
 *   delete, pushed before, took the old copy with it on the server).
 * - Stock Chatwoot has no feed and notes are per contact, so they are not pulled for every contact:
 *   the notes of contacts asked for with {@link requestNotesRefresh} (the sidebar, on opening a
 *   contact) are read on the next run, and on each full reconcile those of the contacts watched
 *   recently (the last {@link WATCHED_NOTES_LIMIT} opened).
 */

/** `syncState` key: contact ids whose notes the next stock-mode run reads. */
export const NOTES_REFRESH_KEY = 'sync:notes:refresh';
/** `syncState` key: contact ids opened recently, newest first; their notes are re-read on each full reconcile. */
export const NOTES_WATCHED_KEY = 'sync:notes:watched';
/** 200 contacts ≈ 200 requests on a full reconcile (every 15 minutes at most): small beside the contact scan. */
export const WATCHED_NOTES_LIMIT = 200;

/** Ask for a contact's notes to be read from a stock Chatwoot server on the next run (no-op cost with the extension). */
export async function requestNotesRefresh(sync: SyncRepository, contactId: string): Promise<void> {
  const refresh = (await sync.getState<string[]>(NOTES_REFRESH_KEY)) ?? [];
  if (!refresh.includes(contactId)) await sync.setState(NOTES_REFRESH_KEY, [...refresh, contactId]);
  const watched = (await sync.getState<string[]>(NOTES_WATCHED_KEY)) ?? [];
  await sync.setState(NOTES_WATCHED_KEY, [contactId, ...watched.filter((id) => id !== contactId)].slice(0, WATCHED_NOTES_LIMIT));
}

export function createNotesParticipant(sync: SyncRepository): SyncParticipant {
  const records = sync.records;
  const idempotency = (ctx: SyncContext, key: string) => (ctx.mode === 'extension' ? key : undefined);
  const contentKey = (fields: Record<string, unknown>) => (typeof fields.bodyMarkdown === 'string' ? fields.bodyMarkdown : null);

  function contactIdOf(note: Note | undefined, entries: readonly OutboxEntry[]): string | null {
    if (note) return note.contactId;
    for (const entry of entries) {
      const id = entry.changes.contactId ?? entry.baseValues.contactId;
      if (typeof id === 'string') return id;
    }
    return null;
  }

  async function listNotes(ctx: SyncContext, contactServerId: number): Promise<{ found: ServerRecord[] | null; failure: SyncFailure | null }> {
    const { response, failure } = await ctx.call({ method: 'GET', path: `contacts/${contactServerId}/notes` });
    if (failure) return { found: null, failure };
    if (!Array.isArray(response.body)) return { found: null, failure: retryLater('The server’s notes list was not a list') };
    return { found: response.body.map((item) => parseNoteJson(item, contactServerId)).filter((n): n is ServerRecord => n !== null), failure: null };
  }

  async function pushCreate(ctx: SyncContext, noteId: string, seqs: number[], contactServerId: number, markdown: string, key: string, unknownOutcome: boolean): Promise<PushOutcome> {
    if (ctx.mode === 'strict' && unknownOutcome) {
      // Stock Chatwoot ignores idempotency keys: look for our note (same text, not one we know) before posting again.
      const { found, failure } = await listNotes(ctx, contactServerId);
      if (failure?.kind === 'not-found') return 'wait';
      if (failure) return failure;
      const known = new Set((await records.all('note')).map((n) => n.serverId));
      const mine = found?.find((n) => n.fields.bodyMarkdown === markdown && !known.has(n.serverId));
      if (mine) {
        await records.ack('note', noteId, seqs, mine);
        return null;
      }
    }
    const { response, failure } = await ctx.call({ method: 'POST', path: `contacts/${contactServerId}/notes`, body: noteBody(markdown), idempotencyKey: idempotency(ctx, key) });
    // The contact is gone on the server: its deleted-on-server question decides; the note waits.
    if (failure?.kind === 'not-found') return 'wait';
    if (failure?.kind === 'already-applied') return retryLater('The server answered an earlier try of this change differently');
    if (failure) return failure;
    let server = parseNoteJson(response.body, contactServerId);
    if (!server) return retryLater('The server’s answer was not a note');
    if (response.headers['idempotent-replayed'] === 'true') {
      const current = await ctx.call({ method: 'GET', path: `contacts/${contactServerId}/notes/${server.serverId}` });
      if (current.failure?.kind === 'not-found') {
        await records.ack('note', noteId, seqs, server);
        await records.applyServer('note', [], [server.serverId]);
        return null;
      }
      if (current.failure) return current.failure;
      server = parseNoteJson(current.response.body, contactServerId) ?? server;
    }
    await records.ack('note', noteId, seqs, server);
    return null;
  }

  async function pushUpdate(ctx: SyncContext, note: Note, seqs: number[], changes: Record<string, unknown>, contactServerId: number, key: string, unknownOutcome: boolean): Promise<PushOutcome> {
    if (note.serverId === null || 'contactId' in changes) {
      // Never on the server, or moved to another contact by a merge: a new note there.
      return pushCreate(ctx, note.id, seqs, contactServerId, note.bodyMarkdown, key, unknownOutcome && note.serverId === null);
    }
    if (!('bodyMarkdown' in changes)) {
      await sync.ackRows(seqs);
      return null;
    }
    const path = `contacts/${contactServerId}/notes/${note.serverId}`;
    if (ctx.mode === 'strict') {
      // No versions: read the note first, so an edit made there meanwhile becomes a conflict, not a silent overwrite.
      const current = await ctx.call({ method: 'GET', path });
      if (current.failure?.kind === 'not-found') {
        await records.applyServer('note', [], [note.serverId]);
        return null;
      }
      if (current.failure) return current.failure;
      const server = parseNoteJson(current.response.body, contactServerId);
      if (server && note.base && server.fields.bodyMarkdown !== note.base.bodyMarkdown && server.fields.bodyMarkdown !== note.bodyMarkdown) {
        await records.noteChangedOnServer(note.id, seqs, server);
        return null;
      }
    }
    const { response, failure } = await ctx.call({
      method: 'PATCH',
      path,
      body: noteBody(changes.bodyMarkdown),
      idempotencyKey: idempotency(ctx, key),
      ifMatch: ctx.mode === 'extension' && note.version !== null ? note.version : undefined,
    });
    if (failure?.kind === 'precondition') {
      const server = parseNoteJson(failure.current, contactServerId);
      if (!server) return retryLater(failure.message);
      await records.noteChangedOnServer(note.id, seqs, server);
      return null;
    }
    if (failure?.kind === 'not-found') {
      await records.applyServer('note', [], [note.serverId]);
      return null;
    }
    if (failure && failure.kind !== 'already-applied') return failure;
    await records.ack('note', note.id, seqs, failure ? null : parseNoteJson(response.body, contactServerId));
    return null;
  }

  async function pushDelete(ctx: SyncContext, seqs: number[], baseValues: Record<string, unknown>, key: string): Promise<PushOutcome> {
    const serverId = baseValues.serverId;
    const contact = typeof baseValues.contactId === 'string' ? await records.getContact(baseValues.contactId) : undefined;
    // Without the contact's server id the note cannot be addressed; a contact gone from here went
    // from the server too (deleting a contact deletes its notes there).
    if (typeof serverId === 'number' && contact && contact.serverId !== null) {
      const { failure } = await ctx.call({ method: 'DELETE', path: `contacts/${contact.serverId}/notes/${serverId}`, idempotencyKey: idempotency(ctx, key) });
      if (failure && failure.kind !== 'not-found' && failure.kind !== 'already-applied') return failure;
    }
    await sync.ackRows(seqs);
    return null;
  }

  async function refreshContact(ctx: SyncContext, contactId: string): Promise<SyncFailure | null> {
    const contact = await records.getContact(contactId);
    if (!contact || contact.serverId === null) return null;
    const { found, failure } = await listNotes(ctx, contact.serverId);
    if (failure?.kind === 'not-found') return null;
    if (failure || !found) return failure;
    await records.applyServer('note', found, [], { naturalKey: contentKey, complete: { scope: (note) => (note as Note).contactId === contactId, contactId } });
    return null;
  }

  return {
    name: 'note',
    feedEntities: ['note'],
    async push(ctx) {
      return pushEntity(
        sync,
        'note',
        async (entries) => {
          // A note of a contact not on the server yet waits for the contact's create.
          if (entries.every((e) => e.op === 'delete')) return true;
          const note = (await records.get('note', recordIdOf(entries))) as Note | undefined;
          const contactId = contactIdOf(note, entries);
          const contact = contactId ? await records.getContact(contactId) : undefined;
          if (!contact) {
            // The contact is gone here (and with it, on the server, its notes): nothing left to send.
            if (!entries.some((e) => e.op === 'delete')) await sync.ackRows(entries.map((e) => e.seq));
            return entries.some((e) => e.op === 'delete');
          }
          return contact.serverId !== null;
        },
        async ({ op, key, unknownOutcome, entries }) => {
          const noteId = recordIdOf(entries);
          if (op.op === 'none') {
            await sync.ackRows(op.seqs);
            return null;
          }
          if (op.op === 'delete') return pushDelete(ctx, op.seqs, op.baseValues, key);
          const note = (await records.get('note', noteId)) as Note | undefined;
          if (!note) {
            await sync.ackRows(op.seqs);
            return null;
          }
          const contact = await records.getContact(note.contactId);
          if (!contact || contact.serverId === null) return 'wait';
          if (op.op === 'create') {
            // The row's text, not the note as it is now: a retry must repeat the same request.
            const markdown = typeof op.fields.bodyMarkdown === 'string' ? op.fields.bodyMarkdown : note.bodyMarkdown;
            if (note.serverId !== null) return pushUpdate(ctx, note, op.seqs, { bodyMarkdown: markdown }, contact.serverId, key, unknownOutcome);
            return pushCreate(ctx, noteId, op.seqs, contact.serverId, markdown, key, unknownOutcome);
          }
          return pushUpdate(ctx, note, op.seqs, op.changes, contact.serverId, key, unknownOutcome);
        },
      );
    },
    async applyFeed(changes: FeedChange[]) {
      const upserts: ServerRecord[] = [];
      const deleted: number[] = [];
      for (const change of changes) {
        if (change.op === 'delete') deleted.push(change.id);
        else {
          const note = parseNoteJson(change.data);
          if (note) upserts.push(note);
        }
      }
      await records.applyServer('note', upserts, deleted, { naturalKey: contentKey });
    },
    async pull(ctx) {
      if (ctx.mode !== 'strict') return null;
      const asked = (await sync.getState<string[]>(NOTES_REFRESH_KEY)) ?? [];
      const watched = ctx.reconcile ? ((await sync.getState<string[]>(NOTES_WATCHED_KEY)) ?? []) : [];
      for (const contactId of new Set([...asked, ...watched])) {
        const failure = await refreshContact(ctx, contactId);
        if (failure) return failure;
      }
      if (asked.length > 0) {
        const now = (await sync.getState<string[]>(NOTES_REFRESH_KEY)) ?? [];
        await sync.setState(NOTES_REFRESH_KEY, now.filter((id) => !asked.includes(id)));
      }
      return null;
    },
    async counts() {
      const { waiting, rejected } = await records.counts('note');
      return { waiting, rejected };
    },
    async hasPending() {
      return (await records.counts('note')).pending > 0;
    },
  };
}
