import type { SyncRequest, SyncResponse, SyncTransport } from '../../src/renderer/src/data/sync/transport';

/**
 * A seeded, misbehaving network between the engine and a server, for the fault-injection suite
 * (issue 8; docs/design.md "Sync model": sync tested by simulation): it drops requests, drops responses after
 * the server committed, answers 500 and 429 with `Retry-After` without forwarding, delays, lets
 * requests overtake each other, and can "crash" the client right after a request reached the server.
 */

/** mulberry32: a tiny seeded PRNG, so a failing seed replays exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Fault = 'pass' | 'drop-request' | 'drop-response' | 'error-500' | 'error-429' | 'delay' | 'crash';

export interface FaultRates {
  dropRequest: number;
  dropResponse: number;
  error500: number;
  error429: number;
  delay: number;
  /** After the server committed: the client process dies (the test restarts it). */
  crash: number;
}

export const DEFAULT_FAULT_RATES: FaultRates = { dropRequest: 0.08, dropResponse: 0.08, error500: 0.05, error429: 0.04, delay: 0.1, crash: 0.03 };

/** Thrown by the proxy to simulate the app dying mid-request; the test catches it and restarts. */
export class ClientCrash extends Error {
  override readonly name = 'ClientCrash';
}

export interface FaultProxy extends SyncTransport {
  /** Faults on or off (off: a perfect network, for reaching quiescence). */
  setEnabled(enabled: boolean): void;
  /** How many of each fault happened. */
  readonly counts: Record<Fault, number>;
}

export function createFaultProxy(
  target: SyncTransport,
  random: () => number,
  rates: FaultRates = DEFAULT_FAULT_RATES,
  /** Each request with its fault and answer, for a failing seed's trace. */
  onRequest?: (line: string) => void,
): FaultProxy {
  let enabled = true;
  const counts: Record<Fault, number> = { pass: 0, 'drop-request': 0, 'drop-response': 0, 'error-500': 0, 'error-429': 0, delay: 0, crash: 0 };

  function pick(): Fault {
    if (!enabled) return 'pass';
    let r = random();
    const table: [Fault, number][] = [
      ['drop-request', rates.dropRequest],
      ['drop-response', rates.dropResponse],
      ['error-500', rates.error500],
      ['error-429', rates.error429],
      ['delay', rates.delay],
      ['crash', rates.crash],
    ];
    for (const [fault, rate] of table) {
      if (r < rate) return fault;
      r -= rate;
    }
    return 'pass';
  }

  /**
   * A few macrotask turns: enough for another request (the "other user") to overtake this one.
   * `setImmediate` where there is one (Node), the queue fake-indexeddb schedules on: a 0 ms
   * `setTimeout` races those tasks by wall-clock time (its 1 ms minimum may or may not have passed),
   * so a seed's interleaving depended on the machine's load and a failing seed did not replay.
   */
  const nextTurn: (fn: () => void) => void = typeof setImmediate === 'function' ? (fn) => setImmediate(fn) : (fn) => setTimeout(fn, 0);
  const pause = (turns: number) => new Promise<void>((resolve) => {
    let left = turns;
    const step = () => (left-- <= 0 ? resolve() : nextTurn(step));
    step();
  });

  return {
    counts,
    setEnabled(value) {
      enabled = value;
    },
    async request(request: SyncRequest): Promise<SyncResponse> {
      const fault = pick();
      counts[fault] += 1;
      const label = `${request.method} ${request.path}${request.query ? ` ${JSON.stringify(request.query)}` : ''}${request.body === undefined ? '' : ` ${JSON.stringify(request.body)}`}${request.ifMatch === undefined ? '' : ` if-match ${request.ifMatch}`}${request.idempotencyKey ? ` key ${request.idempotencyKey.slice(0, 8)}` : ''}`;
      try {
        const response = await answer(fault, request);
        onRequest?.(`${fault} ${label} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
        return response;
      } catch (error) {
        onRequest?.(`${fault} ${label} → thrown`);
        throw error;
      }
    },
  };

  async function answer(fault: Fault, request: SyncRequest): Promise<SyncResponse> {
    switch (fault) {
      case 'pass':
        return target.request(request);
      case 'drop-request':
        throw new TypeError('fetch failed (request dropped)');
      case 'drop-response':
        await target.request(request);
        throw new TypeError('fetch failed (response dropped)');
      case 'crash':
        await target.request(request);
        throw new ClientCrash('client died after the server committed');
      case 'error-500':
        return { status: 500, headers: { 'content-type': 'application/json' }, body: { error: 'Internal server error' } };
      case 'error-429':
        return { status: 429, headers: { 'retry-after': String(1 + Math.floor(random() * 30)) }, body: { error: 'Too many requests' } };
      case 'delay':
        await pause(1 + Math.floor(random() * 4));
        return target.request(request);
    }
  }
}
