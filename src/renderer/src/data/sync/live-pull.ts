import { z } from 'zod';
import { retryDelay } from '../../../../shared/sync/backoff';
import type { SyncTransport } from './transport';

/**
 * Live pull (issue 16 item 4; docs/sync.md "Live pull"): between runs, while the engine is started,
 * online and the window visible, it waits for the server's next change and then asks for a run.
 *
 * - The project's server (sync extension): a long-poll, `GET sync/changes?since=<cursor>&limit=1&wait=25`,
 *   one ordinary request through the host's relay (the token stays in main), answered by the server
 *   as soon as the feed has a change after the cursor. A long-poll rather than server-sent events:
 *   the request path (worker → window → host → main) carries whole answers, not streams.
 * - Stock Chatwoot (no feed): a run every 30–60 s (random in between, so many clients do not
 *   arrive together).
 *
 * It only ever asks for runs (`pullNow`); pushing, pulling and the status are the engine's.
 */

/** Seconds the server holds a long-poll; the server caps it (server/src/sync/routes.ts `MAX_WAIT_SECONDS`). */
export const LONG_POLL_WAIT_SECONDS = 25;
/** Stock Chatwoot: a run between these two after the last one (the issue: "within 60 s"). */
export const STOCK_PULL_MIN_MS = 30_000;
export const STOCK_PULL_MAX_MS = 60_000;
/**
 * A long-poll answered empty sooner than this did not wait: a server that ignores `wait` (one from
 * before it) would otherwise be asked again at once, forever. It is then polled at the stock pace.
 */
export const LONG_POLL_MIN_MS = 1_000;

const feedAnswerSchema = z.object({ changes: z.array(z.unknown()), cursor: z.string(), has_more: z.boolean() });

export interface LivePullOptions {
  transport: SyncTransport;
  /** The mode the last run found; live pull starts only after a run. */
  mode(): Promise<'extension' | 'strict' | undefined>;
  /** The feed cursor the last run stored. */
  cursor(): Promise<string>;
  /** The server has something new (or it is time to look): run a sync. */
  pullNow(): void;
  /** A long-poll got no usable answer: run a sync after `delayMs` (the run reports why). */
  retryIn(delayMs: number): void;
  now(): number;
  random(): number;
}

export interface LivePull {
  /** After a run that ended well: wait for the next change. */
  arm(): void;
  /** Stopped, offline or hidden: ask for nothing (a long-poll under way is left to end and ignored). */
  disarm(): void;
}

export function createLivePull(options: LivePullOptions): LivePull {
  const { transport, now, random } = options;
  let armed = false;
  let polling = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Where the next long-poll starts when the last one ended empty (the server moved past records this user cannot see). */
  let waitCursor: string | null = null;
  let failures = 0;

  const stockDelay = () => STOCK_PULL_MIN_MS + Math.floor(random() * (STOCK_PULL_MAX_MS - STOCK_PULL_MIN_MS));

  function clearTimer(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function later(delay: number, then: () => void): void {
    clearTimer();
    timer = setTimeout(() => {
      timer = null;
      if (armed) then();
    }, delay);
  }

  function handOver(): void {
    armed = false;
    options.pullNow();
  }

  async function longPoll(): Promise<void> {
    polling = true;
    const startedAt = now();
    let answer: Awaited<ReturnType<SyncTransport['request']>> | null = null;
    try {
      const since = waitCursor ?? (await options.cursor());
      answer = await transport.request({ method: 'GET', path: 'sync/changes', query: { since, limit: 1, wait: LONG_POLL_WAIT_SECONDS } });
    } catch {
      answer = null;
    } finally {
      polling = false;
    }
    if (!armed) return;
    // 410: the server was reset; the run starts over from its beginning.
    if (answer?.status === 410) return handOver();
    const page = answer && answer.status < 300 ? feedAnswerSchema.safeParse(answer.body) : null;
    if (!page?.success) {
      // No answer or an error: the run that follows after the back-off says what is wrong (offline,
      // signed out, a server error) and goes on from there.
      armed = false;
      options.retryIn(retryDelay(failures++, null, random));
      return;
    }
    failures = 0;
    if (page.data.changes.length > 0 || page.data.has_more) return handOver();
    waitCursor = page.data.cursor;
    if (now() - startedAt < LONG_POLL_MIN_MS) later(stockDelay(), () => void longPoll());
    else void longPoll();
  }

  return {
    arm() {
      armed = true;
      waitCursor = null;
      clearTimer();
      void options.mode().then(
        (mode) => {
          if (!armed || timer !== null) return;
          if (mode === 'strict') later(stockDelay(), handOver);
          // One long-poll at a time: one still under way (armed again by a run that ended meanwhile)
          // is answered into this arming.
          else if (mode === 'extension' && !polling) void longPoll();
        },
        // The database closed with the window: nothing is left to watch for.
        () => undefined,
      );
    },
    disarm() {
      armed = false;
      clearTimer();
    },
  };
}
