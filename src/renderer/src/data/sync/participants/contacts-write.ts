import { emptyContactFields, type ContactFields } from '../../../../../shared/contact';
import type { SyncFailure } from '../../../../../shared/sync/errors';
import { sameJsonValue } from '../../../../../shared/sync/merge3';
import {
  contactOfResponse,
  contactWriteRequest,
  parseContactJson,
  type ServerContact,
} from '../../../../../shared/sync/wire';
import { contactFieldsOf } from '../../store/contact-fields';
import {
  findCreated,
  fieldsOfLocal,
  fieldValues,
  keyedCall,
  keyFor,
  pushLabels,
  rereadAndMerge,
  type ContactsRun,
  type OpKey,
} from './contacts-requests';
import { retryLater } from './push-queue';

/** 412 → merge → retry, at most this many times per change in one run (someone keeps editing it). */
const MAX_PRECONDITION_RETRIES = 3;

/** The create of a contact (`POST /contacts`, then its labels), or the update it became. */
export async function pushCreate(
  run: ContactsRun,
  contactId: string,
  seqs: number[],
  rowFields: Record<string, unknown>,
  key: OpKey,
  unknownOutcome: boolean,
): Promise<SyncFailure | null> {
  const { sync, ctx } = run;
  const local = await sync.getContact(contactId);
  if (local && local.serverId !== null) {
    // Already created (folded in from the feed): what is left is an update of every field. Its
    // own key: the create's was used for the POST, and the server would call this a replay of a
    // different request (soak seed 74).
    return pushUpdate(
      run,
      contactId,
      seqs,
      Object.keys(rowFields),
      { ...key, key: `${key.key}:linked` },
      unknownOutcome,
      null,
    );
  }
  // The rows' fields, not the row as it is now: a retry must repeat the same request for the
  // server to recognise its idempotency key; later edits are rows of their own and follow.
  const fields = { ...emptyContactFields(), ...rowFields } as ContactFields;
  const request = contactWriteRequest(fields, null);
  let server: ServerContact | null = null;
  if (ctx.mode === 'strict' && unknownOutcome) {
    const lookup = await findCreated(run, fields);
    if (lookup.failure) return lookup.failure;
    server = lookup.found;
  }
  let replayed = false;
  if (!server) {
    const { response, failure } = await keyedCall(run, keyFor(run, key), {
      method: 'POST',
      path: 'contacts',
      body: request.body ?? { name: fields.name },
    });
    if (failure?.kind === 'already-applied')
      return retryLater('The server answered an earlier try of this change differently');
    if (failure) return failure;
    server = contactOfResponse(response.body);
    if (!server) return retryLater('The server’s answer was not a contact');
    replayed = response.headers['idempotent-replayed'] === 'true';
  }
  if (replayed || (ctx.mode === 'strict' && unknownOutcome)) {
    // An answer from the past: the contact may have been deleted since, its tombstone already
    // read while we did not know its id. Ask once.
    const { response, failure } = await ctx.call({
      method: 'GET',
      path: `contacts/${server.serverId}`,
      query: { include_contact_inboxes: 'false' },
    });
    if (failure?.kind === 'not-found') {
      await sync.ackContactWrite(contactId, seqs, server, null);
      await sync.applyServerPage({ contacts: [], labels: [], deletedServerIds: [server.serverId] });
      return null;
    }
    if (failure) return failure;
    // The record as it is now beats the replayed answer (someone may have changed it since; seed 60043).
    const fresh = contactOfResponse(response.body);
    if (fresh && (fresh.labelsKnown || !server.labelsKnown)) server = fresh;
  }
  let labels: string[] | null = null;
  if (request.labels && !sameJsonValue([...request.labels].sort(), [...server.fields.labels].sort())) {
    const pushed = await pushLabels(run, server.serverId, request.labels, key);
    if (pushed.failure?.kind === 'not-found') {
      // Deleted on the server right after it was created: the user decides.
      await sync.ackContactWrite(contactId, seqs, server, null);
      await sync.applyServerPage({ contacts: [], labels: [], deletedServerIds: [server.serverId] });
      return null;
    }
    if (pushed.failure) return pushed.failure;
    labels = pushed.labels;
  }
  await sync.ackContactWrite(
    contactId,
    seqs,
    server,
    labels ?? (server.labelsKnown ? null : (request.labels ?? [])),
  );
  return null;
}

/**
 * The update of a contact's `touched` fields: PATCH (with `If-Match` under the extension), removed
 * custom attributes, labels. `sent`: for rows already sent once whose answer was lost, the values
 * that request carried. The server may hold them, so a field edited since then goes even when it is
 * back to the base (soak seed 1090).
 */
export async function pushUpdate(
  run: ContactsRun,
  contactId: string,
  seqs: number[],
  touched: string[],
  opKey: OpKey,
  unknownOutcome: boolean,
  sent: Readonly<Record<string, unknown>> | null,
): Promise<SyncFailure | null> {
  const { sync, ctx } = run;
  const mode = ctx.mode;
  let key = opKey;
  for (let attempt = 0; ; attempt += 1) {
    let local = await sync.getContact(contactId);
    if (!local) {
      // Deleted here since: the delete row after this one does the work.
      await sync.ackRows(seqs);
      return null;
    }
    if (local.serverId === null)
      return pushCreate(run, contactId, seqs, fieldsOfLocal(local), key, unknownOutcome);
    const serverId = local.serverId;
    if (mode === 'strict') {
      // No versions in stock Chatwoot: read the record and merge first (the window until the PATCH is accepted).
      const reread = await rereadAndMerge(run, contactId, serverId, touched.includes('labels'));
      if (reread !== 'merged') return reread;
      local = (await sync.getContact(contactId))!;
    }
    /**
     * The server says this key went with another body (a try this client kept no record of):
     * what it holds now is read and merged in, never dropped, and the change goes again under
     * a key of its own (issue 17).
     */
    const keyReused = async (failure: SyncFailure): Promise<SyncFailure | null | 'again'> => {
      if (attempt >= MAX_PRECONDITION_RETRIES) return retryLater(failure.message);
      const reread = await rereadAndMerge(run, contactId, serverId, true);
      if (reread !== 'merged') return reread;
      key = { ...opKey, key: `${opKey.key}:reread${attempt + 1}` };
      return 'again';
    };
    const baseFields = local.base ?? contactFieldsOf(local);
    const base = fieldValues(baseFields);
    const values = fieldsOfLocal(local);
    const changes: Record<string, unknown> = {};
    for (const field of touched) {
      const value = values[field];
      const changedHere = !sameJsonValue(value, base[field]);
      const changedSinceSent = sent !== null && field in sent && !sameJsonValue(value, sent[field]);
      if (changedHere || changedSinceSent) changes[field] = value;
    }
    const request = contactWriteRequest(changes as Partial<ContactFields>, baseFields);
    let server: ServerContact | null = null;
    // An earlier try under this key may have carried a body that differs from today's: it is
    // repeated (keyedCall), so the PATCH goes even when nothing differs from the base now.
    const patchKey = keyFor(run, key);
    const patchBody =
      request.body ?? (patchKey ? (await sync.sentRequest(patchKey.owner, patchKey.key))?.body : undefined);
    if (patchBody) {
      const { response, failure } = await keyedCall(run, patchKey, {
        method: 'PATCH',
        path: `contacts/${serverId}`,
        body: patchBody,
        ifMatch: mode === 'extension' && local.version !== null ? local.version : undefined,
      });
      if (failure?.kind === 'precondition') {
        const moved = parseContactJson(failure.current);
        if (!moved || attempt >= MAX_PRECONDITION_RETRIES) return retryLater(failure.message);
        await sync.applyServerPage({ contacts: [moved], labels: [], deletedServerIds: [] });
        continue;
      }
      if (failure?.kind === 'not-found') {
        await sync.markDeletedOnServer(contactId);
        return null;
      }
      if (failure?.kind === 'already-applied') {
        const next = await keyReused(failure);
        if (next === 'again') continue;
        return next;
      }
      if (failure) return failure;
      server = contactOfResponse(response.body);
      if (response.headers['idempotent-replayed'] === 'true') {
        // An answer from the past (the retry of a request whose answer was lost): its labels and
        // fields are as they were then, and labels do not move `version`, so it could pass for
        // current and undo what came since (soak seed 400779). The record as it is now instead.
        const fresh = await ctx.call({
          method: 'GET',
          path: `contacts/${serverId}`,
          query: { include_contact_inboxes: 'false' },
        });
        if (fresh.failure?.kind === 'not-found') {
          await sync.markDeletedOnServer(contactId);
          return null;
        }
        if (fresh.failure) return fresh.failure;
        server = contactOfResponse(fresh.response.body);
      }
    }
    if (request.removedCustomKeys.length > 0) {
      const { response, failure } = await keyedCall(run, keyFor(run, key, ':destroy'), {
        method: 'POST',
        path: `contacts/${serverId}/destroy_custom_attributes`,
        body: { custom_attributes: request.removedCustomKeys },
      });
      if (failure?.kind === 'not-found') {
        await sync.markDeletedOnServer(contactId);
        return null;
      }
      if (failure?.kind === 'already-applied') {
        const next = await keyReused(failure);
        if (next === 'again') continue;
        return next;
      }
      if (failure) return failure;
      server = contactOfResponse(response.body) ?? server;
    }
    let labels: string[] | null = null;
    if (request.labels) {
      const pushed = await pushLabels(run, serverId, request.labels, key);
      if (pushed.failure?.kind === 'not-found') {
        await sync.markDeletedOnServer(contactId);
        return null;
      }
      if (pushed.failure?.kind === 'already-applied') {
        const next = await keyReused(pushed.failure);
        if (next === 'again') continue;
        return next;
      }
      if (pushed.failure) return pushed.failure;
      labels = pushed.labels ?? request.labels;
    }
    await sync.ackContactWrite(contactId, seqs, server, labels);
    return null;
  }
}
