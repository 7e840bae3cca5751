import { readReply, type WorkerReply, type WorkerRequest } from './protocol';

export interface WorkerJob {
  cancel(): void;
  terminate(): void;
}

/**
 * The worker of the last preview, kept after it answered: it holds the file it read, validated,
 * and the import that follows the preview runs in it without reading the file again
 * (import.worker.ts `kept`). Any other job, or closing the dialog, ends it.
 */
let warm: Worker | null = null;

export function releaseWarmWorker(): void {
  warm?.terminate();
  warm = null;
}

/**
 * Starts one job in an import worker — a fresh one, or for an import the last preview's;
 * `onReply` gets every message until the job ends.
 */
export function startWorkerJob(request: WorkerRequest, onReply: (reply: WorkerReply) => void): WorkerJob {
  const reused = request.type === 'import' ? warm : null;
  if (reused) warm = null;
  else releaseWarmWorker();
  const worker = reused ?? new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'csv-import' });
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    worker.terminate();
  };
  worker.onmessage = (event: MessageEvent<unknown>) => {
    // A reply that does not parse arrives as a failure, which ends the job.
    const reply = readReply(event.data);
    if (reply.type === 'analyzed') {
      // Kept (not terminated) for the import that may follow; replacing this job no longer ends it.
      ended = true;
      worker.onmessage = null;
      worker.onerror = null;
      warm = worker;
    } else if (reply.type !== 'progress' && reply.type !== 'undo-progress') end();
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
