import { z } from 'zod';
import { syncRequestSchema, syncResponseSchema } from '../../../../shared/sync/connection';

/**
 * The messages between the window and the sync worker (sync.worker.ts; docs/sync.md "The engine in
 * a worker"). Both sides parse what they receive with these schemas: a message is a boundary like
 * IPC. Requests to the server travel worker → window → host (`host.syncRequest`) and back, so the
 * token stays where the host keeps it (Electron's main) and the worker never sees it.
 *
 * Page bodies (`body: unknown`) are not parsed here: the engine parses them with its own schemas,
 * as it does when it runs in the window.
 */

const count = z.number().int().nonnegative();
const time = z.number().nullable();

export const syncStatusSchema = z.object({
  phase: z.enum(['idle', 'syncing', 'offline', 'paused', 'error']),
  waiting: count,
  rejected: count,
  conflicts: count,
  progress: z.object({ done: count, total: count.nullable() }).nullable(),
  lastSyncedAt: time,
  retryAt: time,
  message: z.string().nullable(),
});

export const syncFailureSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('network'), message: z.string() }),
  z.object({ kind: z.literal('retry'), status: z.number(), retryAfterMs: z.number().nullable(), message: z.string() }),
  z.object({ kind: z.literal('unauthorized'), message: z.string() }),
  z.object({ kind: z.literal('not-found'), message: z.string() }),
  z.object({ kind: z.literal('precondition'), current: z.unknown(), message: z.string() }),
  z.object({ kind: z.literal('already-applied'), message: z.string() }),
  z.object({ kind: z.literal('rejected'), status: z.number(), message: z.string(), attributes: z.array(z.string()) }),
]);

export const syncRunResultSchema = z.object({
  ok: z.boolean(),
  failure: syncFailureSchema.nullable(),
  retryInMs: z.number().nullable(),
  requests: count,
  pushed: count,
  pulled: count,
});

const hostResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: syncResponseSchema }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.enum(['invalid-request', 'not-allowed', 'unavailable', 'internal']), message: z.string() }),
  }),
]);

const callId = z.number().int().nonnegative();

/** Window → worker. */
export const toWorkerSchema = z.discriminatedUnion('type', [
  /** An engine method that answers (`done`/`failed` with the same id). */
  z.object({ type: z.literal('call'), id: callId, method: z.enum(['syncNow', 'refresh', 'resume']), fullReconcile: z.boolean().optional() }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('online'), online: z.boolean() }),
  /** The window was shown or hidden (live pull pauses while hidden). */
  z.object({ type: z.literal('visible'), visible: z.boolean() }),
  /** The window regained focus: sync now (engine `wake`). */
  z.object({ type: z.literal('wake') }),
  /** The host's answer to a `request` (a result envelope, as `host.syncRequest` returns it). */
  z.object({ type: z.literal('answer'), id: callId, result: hostResultSchema }),
  /** Contacts whose sidebar is open (their conversations are pulled: participants/messages.ts). */
  z.object({ type: z.literal('watched'), contactIds: z.array(z.string().max(100)).max(1000) }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

/** Worker → window. */
export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: syncStatusSchema }),
  z.object({ type: z.literal('done'), id: callId, result: syncRunResultSchema.nullable() }),
  z.object({ type: z.literal('failed'), id: callId, message: z.string() }),
  /** One server request for the window to make through the host. */
  z.object({ type: z.literal('request'), id: callId, request: syncRequestSchema }),
  /** The worker's messages repository wrote these contacts' conversations (null: the inboxes). */
  z.object({ type: z.literal('messages-changed'), contactIds: z.array(z.string()).nullable() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;

/**
 * One side of the channel: a `Worker`, the worker's global scope, or a `MessagePort` (tests).
 * `onmessage` (not `addEventListener`) so that a MessagePort starts delivering.
 */
export interface MessageEndpoint {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}
