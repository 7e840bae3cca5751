import type { SyncFailure } from '../../../../shared/sync/errors';
import type { SyncRequest, SyncResponse } from './transport';

/**
 * What the engine and its participants share (docs/sync.md): the run's context, the participant
 * interface every kind of record implements (contacts included), and the keys of the run's state.
 */

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

/**
 * What a participant gets during a run. `call` throws a {@link SyncStop} for what ends the run (no
 * network, 401, 429) and returns every other answer with its classified failure (null on success).
 */
export interface SyncContext {
  mode: ServerMode;
  now(): number;
  call(request: SyncRequest): Promise<{ response: SyncResponse; failure: SyncFailure | null }>;
  /** Report progress of a long pull (shown in the footer as "Syncing… 40%"). */
  progress(done: number, total: number | null): void;
  /** Changes the server took in this run (the run's `pushed`). */
  countPushed(changes: number): void;
  /** Records read in this run (the run's `pulled`). */
  countPulled(records: number): void;
  /** Whether this run was asked for a full reconcile (stock Chatwoot: rescan everything). */
  fullReconcile: boolean;
  /** Whether this run does a full reconcile (asked for, or due: stock Chatwoot, every `RECONCILE_INTERVAL_MS`). */
  reconcile: boolean;
}

export interface FeedChange {
  seq: number;
  entity: string;
  id: number;
  op: 'upsert' | 'delete';
  version?: number | null;
  data: unknown;
}

/** What one page of the feed came to for a participant: records read, and how many of them count toward `feedTotal`. */
export interface FeedApplied {
  pulled: number;
  progress: number;
}

/**
 * A kind of record the engine syncs (contacts, notes, labels, attribute definitions, segments,
 * messages). The engine runs every participant's `push`, then every `pull`, in the order given
 * (contacts first: the other records hang from them). Each handles its own rejections (rows marked
 * `rejected` with the server's message) and returns the first failure that should make the run retry
 * later (5xx, 408), or null; a failure that ends the run at once is thrown as a {@link SyncStop}.
 */
export interface SyncParticipant {
  name: string;
  push?(ctx: SyncContext): Promise<SyncFailure | null>;
  /** Extension mode: the change feed's changes of the entities this participant owns. */
  feedEntities?: readonly string[];
  /**
   * One feed page's changes of `feedEntities`, inside the page's transaction (participants in
   * their order, then the cursor). Participants whose records the progress counts say how many.
   */
  applyFeed?(changes: FeedChange[], ctx: SyncContext): Promise<FeedApplied | void>;
  /** Extension mode, a first read of the feed: how many of its records to expect (the progress total), or null. */
  feedTotal?(ctx: SyncContext): Promise<number | null>;
  /** Stock Chatwoot (no feed), or data the feed does not carry: read it from the list endpoints. */
  pull?(ctx: SyncContext): Promise<SyncFailure | null>;
  /** Outbox rows of this participant not yet on the server, and those the server refused. */
  counts?(): Promise<{ waiting: number; rejected: number }>;
  /** Whether it has `pending` rows (the engine pushes again after the pull if so). */
  hasPending?(): Promise<boolean>;
}

/** Thrown (by `SyncContext.call`, or by a participant) for a failure that ends the run now. */
export class SyncStop {
  constructor(readonly failure: SyncFailure) {}
}
