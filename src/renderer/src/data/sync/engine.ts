import { z } from 'zod';
import { emptyContactFields, type Contact, type ContactFields } from '../../../../shared/contact';
import type { OutboxEntry } from '../../../../shared/records';
import { retryDelay } from '../../../../shared/sync/backoff';
import { classifyAnswer, classifyThrown, type SyncFailure } from '../../../../shared/sync/errors';
import { sameJsonValue } from '../../../../shared/sync/merge3';
import { coalesceOutbox, type CoalescedOp } from '../../../../shared/sync/outbox';
import { contactOfResponse, contactWriteRequest, parseContactJson, type ServerContact } from '../../../../shared/sync/wire';
import { contactFieldsOf } from '../store/contact-fields';
import type { ServerPage, SyncRepository } from '../store/sync-repository';
import { createLivePull } from './live-pull';
import type { SyncRequest, SyncResponse, SyncTransport } from './transport';

/**
 * The offline-first sync engine (issue 8; docs/sync.md). One `syncNow()` pushes the outbox, then
 * pulls, then pushes what arrived meanwhile. It never throws for a server or network problem: it
 * returns what went wrong and when to try again, and the status says it to the user.
 */

/** 500 changes a page: ~0.5 MB of JSON and one IndexedDB transaction of ~0.1 s. */
export const FEED_PAGE_SIZE = 500;
/** Stock Chatwoot's fixed page (`RESULTS_PER_PAGE`). */
export const CHATWOOT_PAGE_SIZE = 15;
/** Against stock Chatwoot, a full scan (the only way to see edits and deletions) at most this often. */
export const RECONCILE_INTERVAL_MS = 15 * 60 * 1000;
/**
 * Records pushed at once (notes §1.4: "at most N=4 entities in flight"). Measured with
 * `npm run bench -- sync`: 1,000 edits took 13.4 s one at a time on this machine.
 */
export const PUSH_CONCURRENCY = 4;
/**
 * The window came back (focus, shown again): a run at once, unless one ended this recently. Focus
 * flips fast when the user moves between windows; each run costs a request or two.
 */
export const WAKE_MIN_GAP_MS = 2_000;
/** 412 → merge → retry, at most this many times per change in one run (someone keeps editing it). */
const MAX_PRECONDITION_RETRIES = 3;

export const STATE_KEYS = {
  mode: 'sync:mode',
  cursor: 'sync:cursor',
  paused: 'sync:paused',
  lastSyncedAt: 'sync:lastSyncedAt',
  lastReconcileAt: 'sync:lastReconcileAt',
  /** `origin#account` the cursor belongs to. */
  connection: 'sync:connection',
} as const;

export type ServerMode = 'extension' | 'strict';
export type SyncPhase = 'idle' | 'syncing' | 'offline' | 'paused' | 'error';

export interface SyncStatus {
  phase: SyncPhase;
  /** Outbox rows not yet on the server (rejected ones excluded). */
  waiting: number;
  rejected: number;
  conflicts: number;
  /** During a pull: records read so far and the expected total (null when unknown). */
  progress: { done: number; total: number | null } | null;
  lastSyncedAt: number | null;
  /** When the next automatic try is due, after a failure. */
  retryAt: number | null;
  /** The last failure, in the server's words. */
  message: string | null;
}

export interface SyncRunResult {
  ok: boolean;
  failure: SyncFailure | null;
  /** After a failure: wait this long before the next try (back-off or Retry-After). */
  retryInMs: number | null;
  requests: number;
  pushed: number;
  pulled: number;
}

/**
 * What a participant (a kind of record other than contacts: notes, labels, attribute definitions,
 * segments, messages) gets during a run. `call` throws for what ends the run (no network, 401, 429)
 * and returns every other answer with its classified failure (null on success).
 */
export interface SyncContext {
  mode: ServerMode;
  now(): number;
  call(request: SyncRequest): Promise<{ response: SyncResponse; failure: SyncFailure | null }>;
  /** Report progress of a long pull (shown in the footer as "Syncing… 40%"). */
  progress(done: number, total: number | null): void;
  /** Whether this run was asked for a full reconcile (stock Chatwoot: rescan everything). */
  fullReconcile: boolean;
  /** Whether this run does a full reconcile (asked for, or due: stock Chatwoot, every {@link RECONCILE_INTERVAL_MS}). */
  reconcile: boolean;
}

/**
 * A kind of record synced besides contacts. The engine runs every participant's `push` after the
 * contacts' push and every `pull` after the contacts' pull, in the order given. Each handles its own
 * rejections (rows marked `rejected` with the server's message) and returns the first failure that
 * should make the run retry later (5xx, 408), or null.
 */
export interface SyncParticipant {
  name: string;
  push?(ctx: SyncContext): Promise<SyncFailure | null>;
  /** Extension mode: the change feed's changes of the entities this participant owns. */
  feedEntities?: readonly string[];
  applyFeed?(changes: FeedChange[]): Promise<void>;
  /** Stock Chatwoot (no feed), or data the feed does not carry: read it from the list endpoints. */
  pull?(ctx: SyncContext): Promise<SyncFailure | null>;
  /** Outbox rows of this participant not yet on the server, and those the server refused. */
  counts?(): Promise<{ waiting: number; rejected: number }>;
  /** Whether it has `pending` rows (the engine pushes again after the pull if so). */
  hasPending?(): Promise<boolean>;
}

export interface FeedChange {
  seq: number;
  entity: string;
  id: number;
  op: 'upsert' | 'delete';
  version?: number | null;
  data: unknown;
}

export interface SyncEngineOptions {
  sync: SyncRepository;
  transport: SyncTransport;
  /** Records other than contacts (see SyncParticipant). */
  participants?: readonly SyncParticipant[];
  now?: () => number;
  /** [0, 1); seeded in tests. */
  random?: () => number;
  feedPageSize?: number;
  reconcileIntervalMs?: number;
}

export interface SyncEngine {
  syncNow(options?: { fullReconcile?: boolean }): Promise<SyncRunResult>;
  status(): SyncStatus;
  subscribe(listener: (status: SyncStatus) => void): () => void;
  /** Recount the outbox and conflicts (after a local edit) and tell subscribers. */
  refresh(): Promise<void>;
  /** After the user signed in again: lift the 401 pause. */
  resume(): Promise<void>;
  /**
   * Runs `syncNow` now and again after each failure's back-off; `online` false waits for
   * `setOnline(true)`. Between runs, live pull (live-pull.ts) asks for a run when the server changes.
   */
  start(): void;
  stop(): void;
  setOnline(online: boolean): void;
  /** The window is shown (true) or hidden: live pull pauses while hidden and runs at once when shown. */
  setVisible(visible: boolean): void;
  /** The window regained focus: a run at once (at most one per {@link WAKE_MIN_GAP_MS}). */
  wake(): void;
}

const changesPageSchema = z.object({
  changes: z.array(
    z.object({
      seq: z.number(),
      entity: z.string(),
      id: z.number().int(),
      op: z.enum(['upsert', 'delete']),
      version: z.number().nullable().optional(),
      data: z.unknown(),
    }),
  ),
  cursor: z.string(),
  has_more: z.boolean(),
});
const labelsDataSchema = z.object({ contact_id: z.number().int(), labels: z.array(z.string()) });
const labelsResponseSchema = z.object({ payload: z.array(z.string()) });
const listSchema = z.object({ meta: z.object({ count: z.number() }).partial().optional(), payload: z.array(z.unknown()) });

/** The outbox row an op's keys hang from (its first row) and the key itself. */
interface OpKey {
  owner: number;
  key: string;
}

class Stop {
  constructor(readonly failure: SyncFailure) {}
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { sync, transport } = options;
  const participants = options.participants ?? [];
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const feedPageSize = options.feedPageSize ?? FEED_PAGE_SIZE;
  const reconcileInterval = options.reconcileIntervalMs ?? RECONCILE_INTERVAL_MS;
  const listeners = new Set<(status: SyncStatus) => void>();
  let current: SyncStatus = { phase: 'idle', waiting: 0, rejected: 0, conflicts: 0, progress: null, lastSyncedAt: null, retryAt: null, message: null };
  let running: Promise<SyncRunResult> | null = null;
  let consecutiveFailures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let started = false;
  let online = true;
  let visible = true;
  let lastRunEndedAt = Number.NEGATIVE_INFINITY;
  let lastRunOk = false;

  function emit(patch: Partial<SyncStatus>): void {
    current = { ...current, ...patch };
    for (const listener of [...listeners]) listener(current);
  }

  async function counts(): Promise<Pick<SyncStatus, 'waiting' | 'rejected' | 'conflicts'>> {
    let { waiting, rejected } = await sync.countOutbox();
    for (const participant of participants) {
      const more = await participant.counts?.();
      if (more) {
        waiting += more.waiting;
        rejected += more.rejected;
      }
    }
    const conflicts = (await sync.allConflicts()).length;
    return { waiting, rejected, conflicts };
  }

  // -------------------------------------------------------------------------------------------
  // One run

  async function run(fullReconcile: boolean): Promise<SyncRunResult> {
    const stats = { requests: 0, pushed: 0, pulled: 0 };

    async function send(request: SyncRequest): Promise<SyncResponse> {
      stats.requests += 1;
      try {
        return await transport.request(request);
      } catch (error) {
        throw new Stop(classifyThrown(error));
      }
    }

    /** The answer when it is a success; a `Stop` for what ends the run; the failure for the caller otherwise. */
    async function call(request: SyncRequest): Promise<{ response: SyncResponse; failure: SyncFailure | null }> {
      const response = await send(request);
      const failure = classifyAnswer(response, now());
      if (failure && (failure.kind === 'unauthorized' || failure.kind === 'network' || (failure.kind === 'retry' && failure.status === 429))) {
        throw new Stop(failure);
      }
      return { response, failure };
    }

    async function detectMode(): Promise<ServerMode> {
      const known = await sync.getState<ServerMode>(STATE_KEYS.mode);
      if (known) return known;
      const { response, failure } = await call({ method: 'GET', path: 'sync/capabilities' });
      let mode: ServerMode;
      if (!failure && typeof response.body === 'object' && response.body !== null && 'sync' in response.body) mode = 'extension';
      else if (failure?.kind === 'not-found') mode = 'strict';
      else throw new Stop(failure ?? { kind: 'rejected', status: response.status, message: 'Not a Chatwoot-compatible server', attributes: [] });
      await sync.setState(STATE_KEYS.mode, mode);
      return mode;
    }

    // ----- push

    let deferred: SyncFailure | null = null;

    async function push(mode: ServerMode): Promise<void> {
      const groups = await sync.sendableContactEntries();
      // Records are independent: a few in flight at once (one record's rows stay in order in one worker).
      let next = 0;
      let stop: unknown = null;
      const worker = async () => {
        while (next < groups.length && stop === null) {
          const group = groups[next++];
          try {
            await pushRecord(group, mode);
          } catch (error) {
            stop = error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PUSH_CONCURRENCY, groups.length) }, worker));
      if (stop !== null) throw stop;
    }

    async function pushRecord(entries: OutboxEntry[], mode: ServerMode): Promise<void> {
      const contactId = entries[0].entityId;
      const inFlight = entries.filter((e) => e.state === 'in-flight');
      const pending = entries.filter((e) => e.state === 'pending');
      for (const [batch, unknownOutcome] of [[inFlight, true], [pending, false]] as const) {
        if (batch.length === 0) continue;
        if (!unknownOutcome) await sync.markInFlight(batch.map((e) => e.seq));
        for (const op of coalesceOutbox(batch)) {
          const first = Math.min(...op.seqs);
          const key: OpKey = { owner: first, key: batch.find((e) => e.seq === first)!.idempotencyKey };
          const failure = await pushOp(contactId, op, key, mode, unknownOutcome);
          if (failure === null) {
            stats.pushed += op.seqs.length;
            continue;
          }
          if (failure.kind === 'rejected') {
            await sync.reject(op.seqs, failure.message);
          } else {
            // A 5xx for this record: the others may still go; this one waits for the next run.
            await sync.setError(op.seqs, failure.message);
            deferred = failure;
          }
          return;
        }
      }
    }

    const fieldsOfLocal = (contact: Contact): Record<string, unknown> => contactFieldsOf(contact) as unknown as Record<string, unknown>;

    /**
     * A write under an idempotency key bound to one exact body (issue 17). The body is recorded on
     * the op's first outbox row before it goes; a later try under the same key repeats that body
     * whatever the record holds now (the server would call another body "a different request"), and
     * what changed since goes in the rows after it, under their own keys. A certain refusal (4xx)
     * stored nothing on the server, so it frees the key for another body (a 412 retry after a merge).
     * Returns the body actually sent.
     */
    async function keyedCall(key: OpKey | null, request: SyncRequest): Promise<{ response: SyncResponse; failure: SyncFailure | null; sentBody: unknown }> {
      if (key === null) return { ...(await call(request)), sentBody: request.body };
      const earlier = await sync.sentRequest(key.owner, key.key);
      if (earlier === undefined) await sync.bindRequest(key.owner, key.key, request.body ?? null);
      const body = earlier === undefined ? request.body : (earlier.body ?? undefined);
      const result = await call({ ...request, body, idempotencyKey: key.key });
      if (result.failure && result.failure.kind !== 'retry') await sync.unbindRequest(key.owner, key.key);
      return { ...result, sentBody: body };
    }

    /** In extension mode, the sub-request's key (`${key}:labels`…); stock Chatwoot ignores keys. */
    const keyFor = (key: OpKey, mode: ServerMode, suffix = ''): OpKey | null => (mode === 'extension' ? { owner: key.owner, key: key.key + suffix } : null);

    async function pushOp(contactId: string, op: CoalescedOp, key: OpKey, mode: ServerMode, unknownOutcome: boolean): Promise<SyncFailure | null> {
      switch (op.op) {
        case 'none':
          await sync.ackRows(op.seqs);
          return null;
        case 'delete': {
          let serverId = op.baseValues.serverId;
          if (typeof serverId !== 'number') {
            // Rows written before the create was acknowledged: the ack filled in the others' ids.
            const rows = await sync.entriesOf(contactId);
            serverId = rows.find((r) => op.seqs.includes(r.seq))?.baseValues.serverId;
          }
          if (typeof serverId !== 'number') {
            await sync.ackRows(op.seqs);
            return null;
          }
          const { failure } = await call({ method: 'DELETE', path: `contacts/${serverId}`, idempotencyKey: mode === 'extension' ? key.key : undefined });
          if (failure && failure.kind !== 'not-found') return failure;
          await sync.ackRows(op.seqs);
          return null;
        }
        case 'create':
          return pushCreate(contactId, op.seqs, op.fields, key, mode, unknownOutcome);
        case 'update':
          return pushUpdate(contactId, op.seqs, Object.keys(op.changes), key, mode, unknownOutcome, unknownOutcome ? op.changes : null);
      }
    }

    async function pushLabels(serverId: number, labels: string[], key: OpKey, mode: ServerMode): Promise<{ labels: string[] | null; failure: SyncFailure | null }> {
      const { response, failure, sentBody } = await keyedCall(keyFor(key, mode, ':labels'), { method: 'POST', path: `contacts/${serverId}/labels`, body: { labels } });
      if (failure) return { labels: null, failure };
      const parsed = labelsResponseSchema.safeParse(response.body);
      const sent = z.object({ labels: z.array(z.string()) }).safeParse(sentBody);
      return { labels: parsed.success ? parsed.data.payload : sent.success ? sent.data.labels : labels, failure: null };
    }

    /** Stock Chatwoot ignores idempotency keys: after a lost answer, look for the contact before creating it again. */
    async function findCreated(fields: ContactFields): Promise<{ found: ServerContact | null; failure: SyncFailure | null }> {
      const probes: [string, string | null][] = [
        ['identifier', fields.identifier],
        ['email', fields.email],
        ['phone_number', fields.phone],
      ];
      for (const [attribute, value] of probes) {
        if (!value) continue;
        const { response, failure } = await call({
          method: 'POST',
          path: 'contacts/filter',
          body: { payload: [{ attribute_key: attribute, filter_operator: 'equal_to', values: [value], query_operator: null }] },
        });
        if (failure) return { found: null, failure };
        const list = listSchema.safeParse(response.body);
        const found = list.success ? list.data.payload.map(parseContactJson).find((c) => c !== null) : undefined;
        if (found) return { found, failure: null };
      }
      return { found: null, failure: null };
    }

    async function pushCreate(contactId: string, seqs: number[], rowFields: Record<string, unknown>, key: OpKey, mode: ServerMode, unknownOutcome: boolean): Promise<SyncFailure | null> {
      const local = await sync.getContact(contactId);
      if (local && local.serverId !== null) {
        // Already created (folded in from the feed): what is left is an update of every field. Its
        // own key: the create's was used for the POST, and the server would call this a replay of a
        // different request (soak seed 74).
        return pushUpdate(contactId, seqs, Object.keys(rowFields), { ...key, key: `${key.key}:linked` }, mode, unknownOutcome, null);
      }
      // The rows' fields, not the row as it is now: a retry must repeat the same request for the
      // server to recognise its idempotency key; later edits are rows of their own and follow.
      const fields = { ...emptyContactFields(), ...rowFields } as ContactFields;
      const request = contactWriteRequest(fields, null);
      let server: ServerContact | null = null;
      if (mode === 'strict' && unknownOutcome) {
        const lookup = await findCreated(fields);
        if (lookup.failure) return lookup.failure;
        server = lookup.found;
      }
      let replayed = false;
      if (!server) {
        const { response, failure } = await keyedCall(keyFor(key, mode), { method: 'POST', path: 'contacts', body: request.body ?? { name: fields.name } });
        if (failure?.kind === 'already-applied') return retryLater('The server answered an earlier try of this change differently');
        if (failure) return failure;
        server = contactOfResponse(response.body);
        if (!server) return retryLater('The server’s answer was not a contact');
        replayed = response.headers['idempotent-replayed'] === 'true';
      }
      if (replayed || (mode === 'strict' && unknownOutcome)) {
        // An answer from the past: the contact may have been deleted since, its tombstone already
        // read while we did not know its id. Ask once.
        const { response, failure } = await call({ method: 'GET', path: `contacts/${server.serverId}`, query: { include_contact_inboxes: 'false' } });
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
        const pushed = await pushLabels(server.serverId, request.labels, key, mode);
        if (pushed.failure?.kind === 'not-found') {
          // Deleted on the server right after it was created: the user decides.
          await sync.ackContactWrite(contactId, seqs, server, null);
          await sync.applyServerPage({ contacts: [], labels: [], deletedServerIds: [server.serverId] });
          return null;
        }
        if (pushed.failure) return pushed.failure;
        labels = pushed.labels;
      }
      await sync.ackContactWrite(contactId, seqs, server, labels ?? (server.labelsKnown ? null : (request.labels ?? [])));
      return null;
    }

    function retryLater(message: string): SyncFailure {
      return { kind: 'retry', status: 0, retryAfterMs: null, message };
    }

    /**
     * `sent`: for rows already sent once whose answer was lost, the values that request carried.
     * The server may hold them, so a field edited since then goes even when it is back to the base
     * (soak seed 1090).
     */
    async function pushUpdate(
      contactId: string,
      seqs: number[],
      touched: string[],
      opKey: OpKey,
      mode: ServerMode,
      unknownOutcome: boolean,
      sent: Readonly<Record<string, unknown>> | null,
    ): Promise<SyncFailure | null> {
      let key = opKey;
      for (let attempt = 0; ; attempt += 1) {
        let local = await sync.getContact(contactId);
        if (!local) {
          // Deleted here since: the delete row after this one does the work.
          await sync.ackRows(seqs);
          return null;
        }
        if (local.serverId === null) return pushCreate(contactId, seqs, fieldsOfLocal(local), key, mode, unknownOutcome);
        const serverId = local.serverId;
        if (mode === 'strict') {
          // No versions in stock Chatwoot: read the record and merge first (the window until the PATCH is accepted).
          const reread = await rereadAndMerge(contactId, serverId, touched.includes('labels'));
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
          const reread = await rereadAndMerge(contactId, serverId, true);
          if (reread !== 'merged') return reread;
          key = { ...opKey, key: `${opKey.key}:reread${attempt + 1}` };
          return 'again';
        };
        const base = local.base ?? contactFieldsOf(local);
        const changes: Record<string, unknown> = {};
        for (const field of touched) {
          const value = fieldsOfLocal(local)[field];
          const changedHere = !sameJsonValue(value, (base as unknown as Record<string, unknown>)[field]);
          const changedSinceSent = sent !== null && field in sent && !sameJsonValue(value, sent[field]);
          if (changedHere || changedSinceSent) changes[field] = value;
        }
        const request = contactWriteRequest(changes as Partial<ContactFields>, base);
        let server: ServerContact | null = null;
        // An earlier try under this key may have carried a body that differs from today's: it is
        // repeated (keyedCall), so the PATCH goes even when nothing differs from the base now.
        const patchKey = keyFor(key, mode);
        const patchBody = request.body ?? (patchKey ? (await sync.sentRequest(patchKey.owner, patchKey.key))?.body : undefined);
        if (patchBody) {
          const { response, failure } = await keyedCall(patchKey, {
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
            const fresh = await call({ method: 'GET', path: `contacts/${serverId}`, query: { include_contact_inboxes: 'false' } });
            if (fresh.failure?.kind === 'not-found') {
              await sync.markDeletedOnServer(contactId);
              return null;
            }
            if (fresh.failure) return fresh.failure;
            server = contactOfResponse(fresh.response.body);
          }
        }
        if (request.removedCustomKeys.length > 0) {
          const { response, failure } = await keyedCall(keyFor(key, mode, ':destroy'), {
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
          const pushed = await pushLabels(serverId, request.labels, key, mode);
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

    /** Reads the record (and its labels) as the server has it and merges it into the local copy. */
    async function rereadAndMerge(contactId: string, serverId: number, withLabels: boolean): Promise<SyncFailure | null | 'merged'> {
      const { response, failure } = await call({ method: 'GET', path: `contacts/${serverId}`, query: { include_contact_inboxes: 'false' } });
      if (failure?.kind === 'not-found') {
        await sync.markDeletedOnServer(contactId);
        return null;
      }
      if (failure) return failure;
      const server = contactOfResponse(response.body);
      if (!server) return retryLater('The server’s answer was not a contact');
      if (withLabels && !server.labelsKnown) {
        const labels = await call({ method: 'GET', path: `contacts/${serverId}/labels` });
        if (labels.failure) return labels.failure;
        const parsed = labelsResponseSchema.safeParse(labels.response.body);
        if (parsed.success) Object.assign(server, { fields: { ...server.fields, labels: parsed.data.payload }, labelsKnown: true });
      }
      // Labels do not move `version`: they are merged on their own, or a same-version copy would hide them.
      const labels = withLabels && server.labelsKnown ? [{ serverId, labels: server.fields.labels }] : [];
      await sync.applyServerPage({ contacts: [server], labels, deletedServerIds: [] });
      return 'merged';
    }

    // ----- pull

    async function pullFeed(): Promise<void> {
      let cursor = (await sync.getState<string>(STATE_KEYS.cursor)) ?? '';
      let total: number | null = null;
      if (cursor === '') {
        const { response, failure } = await call({ method: 'GET', path: 'contacts', query: { per_page: 1, include_contact_inboxes: 'false' } });
        const list = failure ? null : listSchema.safeParse(response.body);
        total = list?.success ? (list.data.meta?.count ?? null) : null;
      }
      let done = 0;
      let resets = 0;
      const fetchPage = (since: string) => {
        const answer = call({ method: 'GET', path: 'sync/changes', query: { since, limit: feedPageSize } });
        // A page asked for ahead is dropped if the run stops first: its failure is not unhandled.
        answer.catch(() => undefined);
        return answer;
      };
      let pending = fetchPage(cursor);
      for (;;) {
        const { response, failure } = await pending;
        if (failure && response.status === 410 && resets === 0) {
          // The server was reset under us: start over from its beginning.
          resets += 1;
          cursor = '';
          pending = fetchPage(cursor);
          continue;
        }
        if (failure) throw new Stop(failure);
        const parsed = changesPageSchema.safeParse(response.body);
        if (!parsed.success) throw new Stop(retryLater('The change feed answered something unexpected'));
        // The next page is asked for now, while this one is applied: the server's time and ours
        // overlap (a first sync of 100k contacts spent a third of its time waiting for pages). The
        // feed is read by cursor, so what the next page holds does not depend on this one's writes.
        if (parsed.data.has_more) pending = fetchPage(parsed.data.cursor);
        const page: ServerPage = { contacts: [], labels: [], deletedServerIds: [], state: [{ key: STATE_KEYS.cursor, value: parsed.data.cursor }] };
        const others = new Map<SyncParticipant, FeedChange[]>();
        for (const change of parsed.data.changes) {
          const owner = participants.find((p) => p.applyFeed && p.feedEntities?.includes(change.entity));
          if (owner) {
            const owned = others.get(owner);
            if (owned) owned.push(change);
            else others.set(owner, [change]);
            continue;
          }
          if (change.entity === 'contact' && change.op === 'delete') page.deletedServerIds.push(change.id);
          else if (change.entity === 'contact') {
            const contact = parseContactJson(change.data);
            if (contact) page.contacts.push(contact);
          } else if (change.entity === 'contact_labels' && change.op === 'upsert') {
            const labels = labelsDataSchema.safeParse(change.data);
            if (labels.success) page.labels.push({ serverId: labels.data.contact_id, labels: labels.data.labels });
          }
        }
        // The whole page and its cursor in one transaction: contacts first (a note needs its
        // contact), then the other records, then the cursor. A crash leaves all of it or none.
        const cursorState = page.state ?? [];
        await sync.atomically(async () => {
          await sync.applyServerPage({ ...page, state: [] });
          for (const [participant, changes] of others) await participant.applyFeed!(changes);
          for (const { key, value } of cursorState) await sync.setState(key, value);
        });
        done += page.contacts.length + page.deletedServerIds.length;
        stats.pulled += page.contacts.length + page.deletedServerIds.length + page.labels.length;
        cursor = parsed.data.cursor;
        emit({ progress: { done, total: total === null ? null : Math.max(total, done) } });
        if (!parsed.data.has_more) return;
      }
    }

    /** Stock Chatwoot: page through every contact; a synced contact not seen (and confirmed 404) was deleted. */
    async function pullScan(full: boolean): Promise<void> {
      const seen = new Set<number>();
      const known = await sync.syncedServerIds();
      let total: number | null = null;
      for (let page = 1; ; page += 1) {
        const { response, failure } = await call({
          method: 'GET',
          path: 'contacts',
          query: { page, sort: full ? 'created_at' : '-created_at', include_contact_inboxes: 'false' },
        });
        if (failure) throw new Stop(failure);
        const list = listSchema.safeParse(response.body);
        if (!list.success) throw new Stop(retryLater('The contact list answered something unexpected'));
        total = list.data.meta?.count ?? total;
        const contacts = list.data.payload.map(parseContactJson).filter((c): c is ServerContact => c !== null);
        const fresh = contacts.filter((c) => !known.has(c.serverId));
        const wanted = full ? contacts : fresh;
        // Labels are per contact in stock Chatwoot (notes §8): one request each.
        for (const contact of wanted) {
          const labels = await call({ method: 'GET', path: `contacts/${contact.serverId}/labels` });
          const parsed = labels.failure ? null : labelsResponseSchema.safeParse(labels.response.body);
          if (parsed?.success) {
            contact.fields = { ...contact.fields, labels: parsed.data.payload };
            contact.labelsKnown = true;
          }
        }
        for (const contact of contacts) seen.add(contact.serverId);
        await sync.applyServerPage({ contacts: wanted, labels: [], deletedServerIds: [] });
        stats.pulled += wanted.length;
        emit({ progress: { done: seen.size, total } });
        if (contacts.length < CHATWOOT_PAGE_SIZE || (!full && fresh.length === 0)) break;
      }
      if (!full) return;
      const gone: number[] = [];
      for (const [serverId, contact] of known) {
        if (seen.has(serverId)) continue;
        // Stock lists hide contacts without email, phone and identifier (chatwoot#11978): not a deletion.
        if (!contact.email && !contact.phone && !contact.identifier) continue;
        // Pages shift when someone deletes during the scan: confirm before deleting anything.
        const { failure } = await call({ method: 'GET', path: `contacts/${serverId}`, query: { include_contact_inboxes: 'false' } });
        if (failure?.kind === 'not-found') gone.push(serverId);
      }
      await sync.applyServerPage({ contacts: [], labels: [], deletedServerIds: gone, state: [{ key: STATE_KEYS.lastReconcileAt, value: now() }] });
    }

    try {
      if (await sync.getState<boolean>(STATE_KEYS.paused)) {
        return { ok: false, failure: { kind: 'unauthorized', message: 'Sign in again' }, retryInMs: null, ...stats };
      }
      emit({ phase: 'syncing', progress: null });
      const mode = await detectMode();
      const lastReconcile = await sync.getState<number>(STATE_KEYS.lastReconcileAt);
      const reconcile = mode === 'strict' && (fullReconcile || lastReconcile === undefined || now() - lastReconcile >= reconcileInterval);
      const ctx: SyncContext = {
        mode,
        now,
        call,
        fullReconcile,
        reconcile,
        progress: (done, total) => emit({ progress: { done, total } }),
      };
      const pushAll = async () => {
        // Compact rows (a bulk label change, an import batch) become per-record rows first.
        await sync.expandBulk();
        await push(mode);
        for (const participant of participants) {
          const failure = await participant.push?.(ctx);
          if (failure) deferred ??= failure;
        }
      };
      await pushAll();
      if (mode === 'extension') await pullFeed();
      else await pullScan(reconcile);
      for (const participant of participants) {
        const failure = await participant.pull?.(ctx);
        if (failure) deferred ??= failure;
      }
      // Edits made while pulling go now rather than at the next run (Dexie Cloud's "more sync needed").
      let again =
        (await sync.sendableContactEntries()).some((group) => group.some((e) => e.state === 'pending')) ||
        (await sync.packedCount()) > 0;
      for (const participant of participants) again ||= (await participant.hasPending?.()) ?? false;
      if (again) await pushAll();
      if (deferred) throw new Stop(deferred);
      await sync.setState(STATE_KEYS.lastSyncedAt, now());
      return { ok: true, failure: null, retryInMs: null, ...stats };
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
      if (error.failure.kind === 'unauthorized') await sync.setState(STATE_KEYS.paused, true);
      const retryAfter = error.failure.kind === 'retry' ? error.failure.retryAfterMs : null;
      return { ok: false, failure: error.failure, retryInMs: retryDelay(consecutiveFailures, retryAfter, random), ...stats };
    }
  }

  async function syncNow(options: { fullReconcile?: boolean } = {}): Promise<SyncRunResult> {
    if (running) return running;
    running = (async () => {
      try {
        const result = await run(options.fullReconcile ?? false);
        lastRunOk = result.ok;
        consecutiveFailures = result.ok ? 0 : consecutiveFailures + 1;
        // Gone offline while this run was under way (it may still have ended well): the machine is
        // offline now, and that is what the status says.
        const phase: SyncPhase =
          result.failure?.kind === 'unauthorized'
            ? 'paused'
            : !online || result.failure?.kind === 'network'
              ? 'offline'
              : result.ok
                ? 'idle'
                : 'error';
        emit({
          phase,
          progress: null,
          ...(await counts()),
          lastSyncedAt: (await sync.getState<number>(STATE_KEYS.lastSyncedAt)) ?? null,
          retryAt: result.retryInMs === null ? null : now() + result.retryInMs,
          message: result.failure?.message ?? null,
        });
        // Whatever started the run (the scheduler, an edit, the user), the server is then watched.
        if (result.ok && started && online && visible) live.arm();
        return result;
      } finally {
        running = null;
        lastRunEndedAt = now();
      }
    })();
    return running;
  }

  function schedule(delay: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!started || !online) return;
      void syncNow().then((result) => {
        if (started && !result.ok && result.retryInMs !== null) schedule(result.retryInMs);
      });
    }, delay);
  }

  function wake(): void {
    // A run under way arms live pull when it ends; one that just ended has seen the server, so
    // only live pull (disarmed while hidden) needs arming again.
    if (!started || !online || !visible || running) return;
    if (now() - lastRunEndedAt >= WAKE_MIN_GAP_MS) schedule(0);
    else if (lastRunOk) live.arm();
  }

  const live = createLivePull({
    transport,
    mode: async () => sync.getState<ServerMode>(STATE_KEYS.mode),
    cursor: async () => (await sync.getState<string>(STATE_KEYS.cursor)) ?? '',
    pullNow: () => {
      if (started && online && visible) schedule(0);
    },
    retryIn: (delay) => {
      if (started && online) schedule(delay);
    },
    now,
    random,
  });

  return {
    syncNow,
    status: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async refresh() {
      emit(await counts());
    },
    async resume() {
      await sync.setState(STATE_KEYS.paused, false);
      emit({ phase: 'idle', message: null });
    },
    start() {
      started = true;
      schedule(0);
    },
    stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
      live.disarm();
    },
    setOnline(value) {
      online = value;
      if (!value) {
        live.disarm();
        emit({ phase: 'offline' });
      }
      // Back online: a run within seconds, whatever the back-off said (RxDB skips retryTime on reconnect).
      else if (started) {
        consecutiveFailures = 0;
        schedule(0);
      }
    },
    setVisible(value) {
      if (value === visible) return;
      visible = value;
      if (!value) live.disarm();
      // Shown again: what changed while hidden arrives now (the run arms live pull again).
      else wake();
    },
    wake,
  };
}
