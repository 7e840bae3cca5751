/**
 * The dry run started while the user is still on the mapping step (issue 20: the reading overlaps
 * the mapping). Its replies are held until "Preview import" adopts it, so the preview shows at
 * once, or with the progress made so far, instead of starting then. A failure is held too: it
 * shows only when the preview is asked for, as it did when the dry run started there.
 */
import type { WorkerJob, startWorkerJob } from '../data/api';

type ReplyHandler = Parameters<typeof startWorkerJob>[1];
type Reply = Parameters<ReplyHandler>[0];

export interface HeldJob {
  job: WorkerJob;
  /** Hands over the latest progress and the answer held so far, then every later reply. */
  adopt(onReply: ReplyHandler): void;
}

export function holdReplies(start: (onReply: ReplyHandler) => WorkerJob): HeldJob {
  let target: ReplyHandler | null = null;
  let progress: Reply | null = null;
  const answers: Reply[] = [];
  const job = start((reply) => {
    if (target) target(reply);
    else if (reply.type === 'progress') progress = reply;
    else answers.push(reply);
  });
  return {
    job,
    adopt(onReply) {
      target = onReply;
      if (progress && answers.length === 0) onReply(progress);
      for (const answer of answers.splice(0)) onReply(answer);
    },
  };
}
