import { z } from 'zod';
import type { Contact, ContactFields } from '../../../../../shared/contact';
import type { SyncFailure } from '../../../../../shared/sync/errors';
import { contactOfResponse, parseContactJson, type ServerContact } from '../../../../../shared/sync/wire';
import { contactFieldsOf } from '../../store/contact-fields';
import type { SyncRepository } from '../../store/sync-repository';
import type { SyncContext } from '../participant';
import type { SyncRequest, SyncResponse } from '../transport';
import { retryLater } from './push-queue';

/** The contacts participant's run: its repository and the engine's context. */
export interface ContactsRun {
  sync: SyncRepository;
  ctx: SyncContext;
}

/** The outbox row an op's keys hang from (its first row) and the key itself. */
export interface OpKey {
  owner: number;
  key: string;
}

export const labelsResponseSchema = z.object({ payload: z.array(z.string()) });
export const listSchema = z.object({
  meta: z.object({ count: z.number() }).partial().optional(),
  payload: z.array(z.unknown()),
});
const sentLabelsSchema = z.object({ labels: z.array(z.string()) });

/** The fields by name (a spread: `ContactFields` is an interface, without an index signature). */
export const fieldValues = (fields: ContactFields): Record<string, unknown> => ({ ...fields });
export const fieldsOfLocal = (contact: Contact): Record<string, unknown> =>
  fieldValues(contactFieldsOf(contact));

/**
 * A write under an idempotency key bound to one exact body (issue 17). The body is recorded on
 * the op's first outbox row before it goes; a later try under the same key repeats that body
 * whatever the record holds now (the server would call another body "a different request"), and
 * what changed since goes in the rows after it, under their own keys. A certain refusal (4xx)
 * stored nothing on the server, so it frees the key for another body (a 412 retry after a merge).
 * Returns the body actually sent.
 */
export async function keyedCall(
  { sync, ctx }: ContactsRun,
  key: OpKey | null,
  request: SyncRequest,
): Promise<{ response: SyncResponse; failure: SyncFailure | null; sentBody: unknown }> {
  if (key === null) return { ...(await ctx.call(request)), sentBody: request.body };
  const earlier = await sync.sentRequest(key.owner, key.key);
  if (earlier === undefined) await sync.bindRequest(key.owner, key.key, request.body ?? null);
  const body = earlier === undefined ? request.body : (earlier.body ?? undefined);
  const result = await ctx.call({ ...request, body, idempotencyKey: key.key });
  if (result.failure && result.failure.kind !== 'retry') await sync.unbindRequest(key.owner, key.key);
  return { ...result, sentBody: body };
}

/** In extension mode, the sub-request's key (`${key}:labels`…); stock Chatwoot ignores keys. */
export const keyFor = (run: ContactsRun, key: OpKey, suffix = ''): OpKey | null =>
  run.ctx.mode === 'extension' ? { owner: key.owner, key: key.key + suffix } : null;

export async function pushLabels(
  run: ContactsRun,
  serverId: number,
  labels: string[],
  key: OpKey,
): Promise<{ labels: string[] | null; failure: SyncFailure | null }> {
  const { response, failure, sentBody } = await keyedCall(run, keyFor(run, key, ':labels'), {
    method: 'POST',
    path: `contacts/${serverId}/labels`,
    body: { labels },
  });
  if (failure) return { labels: null, failure };
  const parsed = labelsResponseSchema.safeParse(response.body);
  const sent = sentLabelsSchema.safeParse(sentBody);
  return {
    labels: parsed.success ? parsed.data.payload : sent.success ? sent.data.labels : labels,
    failure: null,
  };
}

/** Stock Chatwoot ignores idempotency keys: after a lost answer, look for the contact before creating it again. */
export async function findCreated(
  { ctx }: ContactsRun,
  fields: ContactFields,
): Promise<{ found: ServerContact | null; failure: SyncFailure | null }> {
  const probes: [string, string | null][] = [
    ['identifier', fields.identifier],
    ['email', fields.email],
    ['phone_number', fields.phone],
  ];
  for (const [attribute, value] of probes) {
    if (!value) continue;
    const { response, failure } = await ctx.call({
      method: 'POST',
      path: 'contacts/filter',
      body: {
        payload: [
          { attribute_key: attribute, filter_operator: 'equal_to', values: [value], query_operator: null },
        ],
      },
    });
    if (failure) return { found: null, failure };
    const list = listSchema.safeParse(response.body);
    const found = list.success ? list.data.payload.map(parseContactJson).find((c) => c !== null) : undefined;
    if (found) return { found, failure: null };
  }
  return { found: null, failure: null };
}

/** Reads the record (and its labels) as the server has it and merges it into the local copy. */
export async function rereadAndMerge(
  { sync, ctx }: ContactsRun,
  contactId: string,
  serverId: number,
  withLabels: boolean,
): Promise<SyncFailure | null | 'merged'> {
  const { response, failure } = await ctx.call({
    method: 'GET',
    path: `contacts/${serverId}`,
    query: { include_contact_inboxes: 'false' },
  });
  if (failure?.kind === 'not-found') {
    await sync.markDeletedOnServer(contactId);
    return null;
  }
  if (failure) return failure;
  const server = contactOfResponse(response.body);
  if (!server) return retryLater('The server’s answer was not a contact');
  if (withLabels && !server.labelsKnown) {
    const labels = await ctx.call({ method: 'GET', path: `contacts/${serverId}/labels` });
    if (labels.failure) return labels.failure;
    const parsed = labelsResponseSchema.safeParse(labels.response.body);
    if (parsed.success)
      Object.assign(server, { fields: { ...server.fields, labels: parsed.data.payload }, labelsKnown: true });
  }
  // Labels do not move `version`: they are merged on their own, or a same-version copy would hide them.
  const labels = withLabels && server.labelsKnown ? [{ serverId, labels: server.fields.labels }] : [];
  await sync.applyServerPage({ contacts: [server], labels, deletedServerIds: [] });
  return 'merged';
}
