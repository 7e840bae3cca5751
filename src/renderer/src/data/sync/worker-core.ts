import type { HostApi } from '../../../../shared/host';
import type { SyncRepository } from '../store/sync-repository';
import type { SyncEngine } from './engine';
import { createHostTransport, type SyncTransport } from './transport';
import { toWorkerSchema, type FromWorker, type MessageEndpoint } from './worker-protocol';

/**
 * The worker's side of the sync channel (worker-protocol.ts): it owns the engine, answers the
 * window's calls, sends every status change, and makes the engine's server requests through the
 * window (`request` → the window's `host.syncRequest` → `answer`). Independent of the worker
 * global, so a test connects it to the window side with a MessageChannel.
 */

export interface SyncWorkerHandlers {
  /** The contacts whose sidebar is open in the window (participants/messages.ts `watched`). */
  onWatched?(contactIds: string[]): void;
}

export interface ServedEngine {
  engine: SyncEngine;
  /** Tells the window that the worker wrote these contacts' conversations (null: the inboxes). */
  messagesChanged(contactIds: readonly string[] | null): void;
  close(): void;
}

export function serveSyncEngine(
  endpoint: MessageEndpoint,
  createEngine: (transport: SyncTransport) => SyncEngine,
  handlers: SyncWorkerHandlers = {},
): ServedEngine {
  let nextRequest = 0;
  const answers = new Map<number, (result: Awaited<ReturnType<HostApi['syncRequest']>>) => void>();
  const send = (message: FromWorker) => endpoint.postMessage(message);

  // The host's `syncRequest`, relayed: the window makes it and posts the envelope back.
  const relay: Pick<HostApi, 'syncRequest'> = {
    syncRequest(request) {
      const id = nextRequest++;
      return new Promise((resolve) => {
        answers.set(id, resolve);
        send({ type: 'request', id, request });
      });
    },
  };
  const engine = createEngine(createHostTransport(relay));
  const unsubscribe = engine.subscribe((status) => send({ type: 'status', status }));
  send({ type: 'status', status: engine.status() });

  async function call(id: number, method: 'syncNow' | 'refresh' | 'resume', fullReconcile: boolean): Promise<void> {
    try {
      switch (method) {
        case 'syncNow':
          send({ type: 'done', id, result: await engine.syncNow({ fullReconcile }) });
          return;
        case 'refresh':
          await engine.refresh();
          break;
        case 'resume':
          await engine.resume();
          break;
      }
      send({ type: 'done', id, result: null });
    } catch (error) {
      send({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
    }
  }

  endpoint.onmessage = (event) => {
    const parsed = toWorkerSchema.safeParse(event.data);
    // Only the window posts here; anything else is a bug, and answering it would hide that.
    if (!parsed.success) {
      reportProblem(new TypeError(`sync worker: unexpected message (${parsed.error.issues[0]?.message ?? 'invalid'})`));
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'call':
        void call(message.id, message.method, message.fullReconcile ?? false);
        return;
      case 'start':
        engine.start();
        return;
      case 'stop':
        engine.stop();
        return;
      case 'online':
        engine.setOnline(message.online);
        return;
      case 'visible':
        engine.setVisible(message.visible);
        return;
      case 'wake':
        engine.wake();
        return;
      case 'answer': {
        const resolve = answers.get(message.id);
        answers.delete(message.id);
        resolve?.(message.result);
        return;
      }
      case 'watched':
        handlers.onWatched?.(message.contactIds);
        return;
    }
  };

  return {
    engine,
    messagesChanged: (contactIds) => send({ type: 'messages-changed', contactIds: contactIds === null ? null : [...contactIds] }),
    close() {
      engine.stop();
      unsubscribe();
      endpoint.onmessage = null;
      // Requests still out end as "no answer": the engine's run stops as it would offline.
      for (const resolve of answers.values()) resolve({ ok: false, error: { code: 'unavailable', message: 'The sync worker closed' } });
      answers.clear();
    },
  };
}

function reportProblem(error: unknown): void {
  if (typeof reportError === 'function') reportError(error);
}

/**
 * The sync repository, with one difference: a contact push first waits until label ops that the
 * window wrote are folded into their rows (data/store/label-ops.ts). The window's own reads pass its gate;
 * this context's gate looks at the table once and does not hear of later ops, and a push that read
 * a row before its op was folded would send the old labels and acknowledge the change. The outbox
 * rows are read first: any op behind one of them has committed by then and is counted.
 */
export function withLabelOpsSettled(sync: SyncRepository, settle: () => Promise<void>): SyncRepository {
  return {
    ...sync,
    async sendableContactEntries() {
      const groups = await sync.sendableContactEntries();
      if (groups.length > 0) await settle();
      return groups;
    },
  };
}
