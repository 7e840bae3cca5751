import type { WorkerReply, WorkerRequest } from './protocol';

export interface WorkerJob {
  cancel(): void;
  terminate(): void;
}

/** Starts one job in a fresh import worker; `onReply` gets every message until the job ends. */
export function startWorkerJob(request: WorkerRequest, onReply: (reply: WorkerReply) => void): WorkerJob {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'csv-import' });
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    worker.terminate();
  };
  worker.onmessage = (event: MessageEvent<WorkerReply>) => {
    const reply = event.data;
    if (reply.type !== 'progress' && reply.type !== 'undo-progress') end();
    onReply(reply);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    end();
    onReply({ type: 'failed', code: 'internal', params: { message: event.message || 'worker error' } });
  };
  worker.postMessage(request);
  return {
    cancel: () => {
      if (!ended) worker.postMessage({ type: 'cancel' } satisfies WorkerRequest);
    },
    terminate: end,
  };
}
