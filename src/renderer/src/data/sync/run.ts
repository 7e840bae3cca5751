import { retryDelay } from '../../../../shared/sync/backoff';
import { classifyAnswer, classifyThrown, type SyncFailure } from '../../../../shared/sync/errors';
import type { SyncRepository } from '../store/sync-repository';
import { pullFeed } from './feed';
import { STATE_KEYS, SyncStop, type ServerMode, type SyncContext, type SyncParticipant } from './participant';
import type { SyncRunResult, SyncStatus } from './status';
import type { SyncRequest, SyncResponse, SyncTransport } from './transport';

/**
 * One run (docs/sync.md): every participant pushes, then pulls (the change feed with the extension,
 * the list endpoints otherwise), then pushes again if something was written meanwhile. It never
 * throws for a server or network problem: it returns what went wrong and when to try again.
 */

export interface RunDeps {
  sync: SyncRepository;
  transport: SyncTransport;
  participants: readonly SyncParticipant[];
  now(): number;
  random(): number;
  feedPageSize: number;
  reconcileIntervalMs: number;
  emit(patch: Partial<SyncStatus>): void;
  /** Failed runs in a row before this one (the back-off's exponent). */
  consecutiveFailures(): number;
}

interface RunStats {
  requests: number;
  pushed: number;
  pulled: number;
}

export async function runOnce(deps: RunDeps, fullReconcile: boolean): Promise<SyncRunResult> {
  const { sync } = deps;
  const stats: RunStats = { requests: 0, pushed: 0, pulled: 0 };
  try {
    if (await sync.getState<boolean>(STATE_KEYS.paused)) {
      return {
        ok: false,
        failure: { kind: 'unauthorized', message: 'Sign in again' },
        retryInMs: null,
        ...stats,
      };
    }
    deps.emit({ phase: 'syncing', progress: null });
    const call = callerFor(deps, stats);
    const mode = await detectMode(sync, call);
    const lastReconcile = await sync.getState<number>(STATE_KEYS.lastReconcileAt);
    const reconcile =
      mode === 'strict' &&
      (fullReconcile ||
        lastReconcile === undefined ||
        deps.now() - lastReconcile >= deps.reconcileIntervalMs);
    const ctx: SyncContext = {
      mode,
      now: deps.now,
      call,
      fullReconcile,
      reconcile,
      progress: (done, total) => deps.emit({ progress: { done, total } }),
      countPushed: (changes) => (stats.pushed += changes),
      countPulled: (records) => (stats.pulled += records),
    };
    let deferred = await pushAll(deps.participants, ctx);
    if (mode === 'extension')
      await pullFeed({ sync, participants: deps.participants, pageSize: deps.feedPageSize }, ctx);
    for (const participant of deps.participants) {
      const failure = await participant.pull?.(ctx);
      if (failure) deferred ??= failure;
    }
    // Edits made while pulling go now rather than at the next run (Dexie Cloud's "more sync needed").
    if (await anyPending(deps.participants)) {
      const again = await pushAll(deps.participants, ctx);
      deferred ??= again;
    }
    if (deferred) throw new SyncStop(deferred);
    await sync.setState(STATE_KEYS.lastSyncedAt, deps.now());
    return { ok: true, failure: null, retryInMs: null, ...stats };
  } catch (error) {
    if (!(error instanceof SyncStop)) throw error;
    if (error.failure.kind === 'unauthorized') await sync.setState(STATE_KEYS.paused, true);
    const retryAfter = error.failure.kind === 'retry' ? error.failure.retryAfterMs : null;
    return {
      ok: false,
      failure: error.failure,
      retryInMs: retryDelay(deps.consecutiveFailures(), retryAfter, deps.random),
      ...stats,
    };
  }
}

type Call = SyncContext['call'];

/**
 * The run's `call`: the answer with its classified failure (null on success); a `SyncStop` for what
 * ends the run (no answer, 401, 429). Every request is counted.
 */
function callerFor(deps: RunDeps, stats: RunStats): Call {
  async function send(request: SyncRequest): Promise<SyncResponse> {
    stats.requests += 1;
    try {
      return await deps.transport.request(request);
    } catch (error) {
      throw new SyncStop(classifyThrown(error));
    }
  }
  return async (request) => {
    const response = await send(request);
    const failure = classifyAnswer(response, deps.now());
    if (
      failure &&
      (failure.kind === 'unauthorized' ||
        failure.kind === 'network' ||
        (failure.kind === 'retry' && failure.status === 429))
    ) {
      throw new SyncStop(failure);
    }
    return { response, failure };
  };
}

/** The server's mode, asked once (`GET sync/capabilities`: the extension answers, stock Chatwoot 404s) and kept. */
async function detectMode(sync: SyncRepository, call: Call): Promise<ServerMode> {
  const known = await sync.getState<ServerMode>(STATE_KEYS.mode);
  if (known) return known;
  const { response, failure } = await call({ method: 'GET', path: 'sync/capabilities' });
  let mode: ServerMode;
  if (!failure && typeof response.body === 'object' && response.body !== null && 'sync' in response.body)
    mode = 'extension';
  else if (failure?.kind === 'not-found') mode = 'strict';
  else
    throw new SyncStop(
      failure ?? {
        kind: 'rejected',
        status: response.status,
        message: 'Not a Chatwoot-compatible server',
        attributes: [],
      },
    );
  await sync.setState(STATE_KEYS.mode, mode);
  return mode;
}

/** Every participant's push, in order; the first failure that should make the run retry later. */
async function pushAll(
  participants: readonly SyncParticipant[],
  ctx: SyncContext,
): Promise<SyncFailure | null> {
  let deferred: SyncFailure | null = null;
  for (const participant of participants) {
    const failure = await participant.push?.(ctx);
    if (failure) deferred ??= failure;
  }
  return deferred;
}

async function anyPending(participants: readonly SyncParticipant[]): Promise<boolean> {
  for (const participant of participants) if (await participant.hasPending?.()) return true;
  return false;
}
