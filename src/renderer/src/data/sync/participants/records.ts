import { recordIdOf } from '../../../../../shared/sync/outbox';
import type { SyncFailure } from '../../../../../shared/sync/errors';
import { sameJsonValue } from '../../../../../shared/sync/merge3';
import type { SyncRepository } from '../../store/sync-repository';
import type { FeedChange, SyncContext, SyncParticipant } from '../participant';
import { pushEntity, retryLater, type PushOutcome } from './push-queue';
import { DEFINITION_WIRE, LABEL_WIRE, SEGMENT_WIRE, type RecordWire, type ServerRecord } from './records-wire';

/**
 * Labels, custom attribute definitions (contact attributes only) and segments (contact filters, per
 * user): small account-wide lists, synced the same way (docs/sync.md "Other records").
 * - Push: `POST /<path>`, `PATCH /<path>/:id` with the changed fields only, `DELETE /<path>/:id`
 *   (404 = done); idempotency keys with the extension. A create refused because the title (label)
 *   or key (definition) is taken links to the server's record and sends our fields onto it.
 * - Pull: the feed's entity with the extension; stock Chatwoot: the whole list every run (one
 *   request each), records missing from it deleted here.
 */
/**
 * Stock Chatwoot: the list is read on a full reconcile, after pushing one of its records, and
 * otherwise at most this often. One small request, but every run would add three to each of the
 * frequent runs after local edits (the fault suite ran ~30 % longer with a list read every run).
 */
export const RECORD_LIST_INTERVAL_MS = 60_000;

export function createRecordParticipant(sync: SyncRepository, wire: RecordWire): SyncParticipant {
  const entity = wire.entity;
  const records = sync.records;
  const naturalKey = wire.naturalKey;
  let listedAt: number | null = null;
  let pushed = false;

  async function list(ctx: SyncContext): Promise<{ found: ServerRecord[] | null; failure: SyncFailure | null }> {
    const { response, failure } = await ctx.call({ method: 'GET', path: wire.path, query: wire.listQuery });
    if (failure) return { found: null, failure };
    const items = wire.list(response.body);
    if (!items) return { found: null, failure: retryLater(`The server’s ${wire.path} list was not a list`) };
    return { found: items.map((item) => wire.parse(item)).filter((r): r is ServerRecord => r !== null), failure: null };
  }

  async function findExisting(ctx: SyncContext, fields: Record<string, unknown>): Promise<{ found: ServerRecord | null; failure: SyncFailure | null }> {
    const key = naturalKey(fields);
    if (key === null) return { found: null, failure: null };
    const { found, failure } = await list(ctx);
    if (failure) return { found: null, failure };
    return { found: found?.find((r) => naturalKey(r.fields) === key) ?? null, failure: null };
  }

  const idempotency = (ctx: SyncContext, key: string) => (ctx.mode === 'extension' ? key : undefined);

  /** PATCH `fields` onto server record `serverId`; the parsed answer, or the failure. */
  async function patch(ctx: SyncContext, serverId: number, fields: Record<string, unknown>, key: string): Promise<{ server: ServerRecord | null; failure: SyncFailure | null }> {
    const { response, failure } = await ctx.call({ method: 'PATCH', path: `${wire.path}/${serverId}`, body: wire.body(fields), idempotencyKey: idempotency(ctx, key) });
    if (failure) return { server: null, failure };
    return { server: wire.parse(response.body), failure: null };
  }

  /** Our fields onto a server record found by its natural key (made elsewhere, or our own lost create). */
  async function adopt(ctx: SyncContext, localId: string, seqs: number[], fields: Record<string, unknown>, found: ServerRecord, key: string): Promise<PushOutcome> {
    const differing: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) if (!sameJsonValue(found.fields[field], value)) differing[field] = value;
    let server = found;
    if (Object.keys(differing).length > 0) {
      const patched = await patch(ctx, found.serverId, differing, `${key}:adopt`);
      if (patched.failure && patched.failure.kind !== 'already-applied') return patched.failure;
      server = patched.server ?? { ...found, fields: { ...found.fields, ...differing } };
    }
    await records.ack(entity, localId, seqs, server);
    return null;
  }

  async function pushCreate(ctx: SyncContext, localId: string, seqs: number[], fields: Record<string, unknown>, key: string, unknownOutcome: boolean): Promise<PushOutcome> {
    const local = await records.get(entity, localId);
    if (local && local.serverId !== null) return pushUpdate(ctx, localId, seqs, fields, key);
    if (ctx.mode === 'strict' && unknownOutcome) {
      // No idempotency keys in stock Chatwoot: look before creating again.
      const lookup = await findExisting(ctx, fields);
      if (lookup.failure) return lookup.failure;
      if (lookup.found) return adopt(ctx, localId, seqs, fields, lookup.found, key);
    }
    const { response, failure } = await ctx.call({ method: 'POST', path: wire.path, body: wire.body(fields), idempotencyKey: idempotency(ctx, key) });
    if (failure?.kind === 'already-applied') return retryLater('The server answered an earlier try of this change differently');
    if (failure?.kind === 'rejected' && failure.status === 422 && failure.attributes.some((a) => a === 'title' || a === 'attribute_key')) {
      // "has already been taken": the same label (definition) was made elsewhere; this one is that one.
      const lookup = await findExisting(ctx, fields);
      if (lookup.failure) return lookup.failure;
      if (lookup.found) return adopt(ctx, localId, seqs, fields, lookup.found, key);
    }
    if (failure) return failure;
    let server = wire.parse(response.body);
    if (!server) return retryLater(`The server’s answer was not a ${entity}`);
    if (response.headers['idempotent-replayed'] === 'true') {
      // An answer from the past: the record may have been deleted since (its tombstone already read).
      const current = await ctx.call({ method: 'GET', path: `${wire.path}/${server.serverId}` });
      if (current.failure?.kind === 'not-found') {
        await records.ack(entity, localId, seqs, server);
        await records.applyServer(entity, [], [server.serverId]);
        return null;
      }
      if (current.failure) return current.failure;
      server = wire.parse(current.response.body) ?? server;
    }
    await records.ack(entity, localId, seqs, server);
    return null;
  }

  async function pushUpdate(ctx: SyncContext, localId: string, seqs: number[], changes: Record<string, unknown>, key: string): Promise<PushOutcome> {
    const local = await records.get(entity, localId);
    if (!local) {
      // Deleted here since: the delete row after these does the work.
      await sync.ackRows(seqs);
      return null;
    }
    if (local.serverId === null) {
      // A spread: the records are interfaces, without an index signature.
      const values: Record<string, unknown> = { ...local };
      const fields: Record<string, unknown> = {};
      for (const field of wire.fields) fields[field] = values[field];
      return pushCreate(ctx, localId, seqs, fields, key, false);
    }
    const { server, failure } = await patch(ctx, local.serverId, changes, key);
    if (failure?.kind === 'not-found') {
      // Deleted on the server while edited here: kept, and created again (the edit says it is wanted).
      await records.applyServer(entity, [], [local.serverId]);
      return null;
    }
    if (failure && failure.kind !== 'already-applied') return failure;
    await records.ack(entity, localId, seqs, server);
    return null;
  }

  async function pushDelete(ctx: SyncContext, localId: string, seqs: number[], baseValues: Record<string, unknown>, key: string): Promise<PushOutcome> {
    let serverId = baseValues.serverId;
    if (typeof serverId !== 'number') {
      // Rows written before the create was acknowledged: the ack filled in the others' ids.
      const rows = await records.entriesOf(entity, localId);
      serverId = rows.find((r) => seqs.includes(r.seq))?.baseValues.serverId;
    }
    if (typeof serverId === 'number') {
      const { failure } = await ctx.call({ method: 'DELETE', path: `${wire.path}/${serverId}`, idempotencyKey: idempotency(ctx, key) });
      if (failure && failure.kind !== 'not-found' && failure.kind !== 'already-applied') return failure;
    }
    await sync.ackRows(seqs);
    return null;
  }

  return {
    name: entity,
    feedEntities: [wire.feedEntity],
    async push(ctx) {
      return pushEntity(
        sync,
        entity,
        async () => {
          pushed = true;
          return true;
        },
        async ({ op, key, unknownOutcome, entries }) => {
          const localId = recordIdOf(entries);
          switch (op.op) {
            case 'none':
              await sync.ackRows(op.seqs);
              return null;
            case 'create':
              return pushCreate(ctx, localId, op.seqs, op.fields, key, unknownOutcome);
            case 'update':
              return pushUpdate(ctx, localId, op.seqs, op.changes, key);
            case 'delete':
              return pushDelete(ctx, localId, op.seqs, op.baseValues, key);
          }
        },
      );
    },
    async applyFeed(changes: FeedChange[]) {
      const upserts: ServerRecord[] = [];
      const deleted: number[] = [];
      for (const change of changes) {
        if (change.op === 'delete') deleted.push(change.id);
        else {
          const record = wire.parse(change.data);
          if (record) upserts.push(record);
        }
      }
      await records.applyServer(entity, upserts, deleted, { naturalKey });
    },
    async pull(ctx) {
      if (ctx.mode !== 'strict') return null;
      const due = ctx.reconcile || pushed || listedAt === null || ctx.now() - listedAt >= RECORD_LIST_INTERVAL_MS;
      if (!due) return null;
      const { found, failure } = await list(ctx);
      if (failure || !found) return failure;
      await records.applyServer(entity, found, [], { naturalKey, complete: { scope: () => true } });
      listedAt = ctx.now();
      pushed = false;
      return null;
    },
    async counts() {
      const { waiting, rejected } = await records.counts(entity);
      return { waiting, rejected };
    },
    async hasPending() {
      return (await records.counts(entity)).pending > 0;
    },
  };
}

export const createLabelParticipant = (sync: SyncRepository) => createRecordParticipant(sync, LABEL_WIRE);
export const createAttributeDefinitionParticipant = (sync: SyncRepository) => createRecordParticipant(sync, DEFINITION_WIRE);
export const createSegmentParticipant = (sync: SyncRepository) => createRecordParticipant(sync, SEGMENT_WIRE);
