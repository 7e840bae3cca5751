import { emptyContactFields, type Contact, type ContactFields } from '../../../../../shared/contact';
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
  const fields = { ...emptyContactFields(), ...rowFields };
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

/** An update's rows: which fields they touched, and what a lost earlier try carried. */
interface UpdateJob {
  contactId: string;
  seqs: number[];
  touched: string[];
  opKey: OpKey;
  unknownOutcome: boolean;
  /**
   * For rows already sent once whose answer was lost, the values that request carried. The server
   * may hold them, so a field edited since then goes even when it is back to the base (soak seed 1090).
   */
  sent: Readonly<Record<string, unknown>> | null;
}

/** How one step of an update attempt ended: go on with what the server answered, try the update again under `again`, or stop with this result. */
type Step<T> = { go: T } | { again: OpKey } | { stop: SyncFailure | null };

/**
 * The update of a contact's `touched` fields: PATCH (with `If-Match` under the extension), removed
 * custom attributes, labels. A 412 merges the server's copy and tries again; so does a key the
 * server says went with another body, under a key of its own.
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
  const job: UpdateJob = { contactId, seqs, touched, opKey, unknownOutcome, sent };
  let key = opKey;
  for (let attempt = 0; ; attempt += 1) {
    const step = await attemptUpdate(run, job, key, attempt);
    if ('stop' in step) return step.stop;
    key = step.again;
  }
}

async function attemptUpdate(
  run: ContactsRun,
  job: UpdateJob,
  key: OpKey,
  attempt: number,
): Promise<Exclude<Step<never>, { go: never }>> {
  const { sync, ctx } = run;
  let local = await sync.getContact(job.contactId);
  if (!local) {
    // Deleted here since: the delete row after this one does the work.
    await sync.ackRows(job.seqs);
    return { stop: null };
  }
  if (local.serverId === null) {
    return {
      stop: await pushCreate(run, job.contactId, job.seqs, fieldsOfLocal(local), key, job.unknownOutcome),
    };
  }
  const serverId = local.serverId;
  if (ctx.mode === 'strict') {
    // No versions in stock Chatwoot: read the record and merge first (the window until the PATCH is accepted).
    const reread = await rereadAndMerge(run, job.contactId, serverId, job.touched.includes('labels'));
    if (reread !== 'merged') return { stop: reread };
    local = (await sync.getContact(job.contactId))!;
  }
  const baseFields = local.base ?? contactFieldsOf(local);
  const request = contactWriteRequest(
    changesToSend(local, baseFields, job),
    baseFields,
  );
  const target: UpdateTarget = { job, serverId, key, attempt };
  const patched = await patchStep(run, target, request.body, local.version);
  if (!('go' in patched)) return patched;
  const destroyed = await destroyStep(run, target, request.removedCustomKeys, patched.go);
  if (!('go' in destroyed)) return destroyed;
  const labelled = await labelsStep(run, target, request.labels);
  if (!('go' in labelled)) return labelled;
  await sync.ackContactWrite(job.contactId, job.seqs, destroyed.go, labelled.go);
  return { stop: null };
}

/** The touched fields that differ from the base, or from what a lost earlier try sent. */
function changesToSend(local: Contact, baseFields: ContactFields, job: UpdateJob): Record<string, unknown> {
  const base = fieldValues(baseFields);
  const values = fieldsOfLocal(local);
  const changes: Record<string, unknown> = {};
  for (const field of job.touched) {
    const value = values[field];
    const changedHere = !sameJsonValue(value, base[field]);
    const changedSinceSent = job.sent !== null && field in job.sent && !sameJsonValue(value, job.sent[field]);
    if (changedHere || changedSinceSent) changes[field] = value;
  }
  return changes;
}

/** The record one attempt writes to, under which key, and which attempt it is. */
interface UpdateTarget {
  job: UpdateJob;
  serverId: number;
  key: OpKey;
  attempt: number;
}

async function patchStep(
  run: ContactsRun,
  target: UpdateTarget,
  body: Record<string, unknown> | null,
  version: number | null,
): Promise<Step<ServerContact | null>> {
  const { sync, ctx } = run;
  const { job, serverId, key, attempt } = target;
  // An earlier try under this key may have carried a body that differs from today's: it is
  // repeated (keyedCall), so the PATCH goes even when nothing differs from the base now.
  const patchKey = keyFor(run, key);
  const patchBody =
    body ?? (patchKey ? (await sync.sentRequest(patchKey.owner, patchKey.key))?.body : undefined);
  if (!patchBody) return { go: null };
  const { response, failure } = await keyedCall(run, patchKey, {
    method: 'PATCH',
    path: `contacts/${serverId}`,
    body: patchBody,
    ifMatch: ctx.mode === 'extension' && version !== null ? version : undefined,
  });
  if (failure?.kind === 'precondition') {
    const moved = parseContactJson(failure.current);
    if (!moved || attempt >= MAX_PRECONDITION_RETRIES) return { stop: retryLater(failure.message) };
    await sync.applyServerPage({ contacts: [moved], labels: [], deletedServerIds: [] });
    return { again: key };
  }
  if (failure) return afterFailure(run, target, failure);
  if (response.headers['idempotent-replayed'] !== 'true') return { go: contactOfResponse(response.body) };
  // An answer from the past (the retry of a request whose answer was lost): its labels and
  // fields are as they were then, and labels do not move `version`, so it could pass for
  // current and undo what came since (soak seed 400779). The record as it is now instead.
  const fresh = await ctx.call({
    method: 'GET',
    path: `contacts/${serverId}`,
    query: { include_contact_inboxes: 'false' },
  });
  if (fresh.failure?.kind === 'not-found') {
    await sync.markDeletedOnServer(job.contactId);
    return { stop: null };
  }
  if (fresh.failure) return { stop: fresh.failure };
  return { go: contactOfResponse(fresh.response.body) };
}

/** PATCH merges custom attributes: removed ones go in a request of their own. */
async function destroyStep(
  run: ContactsRun,
  target: UpdateTarget,
  removedKeys: string[],
  server: ServerContact | null,
): Promise<Step<ServerContact | null>> {
  if (removedKeys.length === 0) return { go: server };
  const { response, failure } = await keyedCall(run, keyFor(run, target.key, ':destroy'), {
    method: 'POST',
    path: `contacts/${target.serverId}/destroy_custom_attributes`,
    body: { custom_attributes: removedKeys },
  });
  if (failure) return afterFailure(run, target, failure);
  return { go: contactOfResponse(response.body) ?? server };
}

async function labelsStep(
  run: ContactsRun,
  target: UpdateTarget,
  labels: string[] | null,
): Promise<Step<string[] | null>> {
  if (!labels) return { go: null };
  const pushed = await pushLabels(run, target.serverId, labels, target.key);
  if (pushed.failure) return afterFailure(run, target, pushed.failure);
  return { go: pushed.labels ?? labels };
}

/** A step's failure: the contact is gone on the server (the user decides), its key was used for another body, or the failure itself. */
async function afterFailure(
  run: ContactsRun,
  target: UpdateTarget,
  failure: SyncFailure,
): Promise<Step<never>> {
  if (failure.kind === 'not-found') {
    await run.sync.markDeletedOnServer(target.job.contactId);
    return { stop: null };
  }
  if (failure.kind === 'already-applied') return keyReused(run, target, failure);
  return { stop: failure };
}

/**
 * The server says this key went with another body (a try this client kept no record of): what it
 * holds now is read and merged in, never dropped, and the change goes again under a key of its
 * own (issue 17).
 */
async function keyReused(
  run: ContactsRun,
  { job, serverId, attempt }: UpdateTarget,
  failure: SyncFailure,
): Promise<Step<never>> {
  if (attempt >= MAX_PRECONDITION_RETRIES) return { stop: retryLater(failure.message) };
  const reread = await rereadAndMerge(run, job.contactId, serverId, true);
  if (reread !== 'merged') return { stop: reread };
  return { again: { ...job.opKey, key: `${job.opKey.key}:reread${attempt + 1}` } };
}
