import { describe, expect, it, vi } from 'vitest';
import type { startWorkerJob } from '../data/api';
import { holdReplies } from './analysisAhead';

type ReplyHandler = Parameters<typeof startWorkerJob>[1];
type Reply = Parameters<ReplyHandler>[0];

const progress = (rowsDone: number): Reply => ({ type: 'progress', progress: { rowsDone, bytesDone: rowsDone, totalBytes: 100 } });
const analyzed: Reply = { type: 'analyzed', totals: { rows: 2, create: 2, update: 0, merge: 0, skip: 0, fail: 0, warn: 0 }, preview: [], problems: [], header: ['name'] };

function started() {
  let send: ReplyHandler = () => undefined;
  const job = { cancel: vi.fn(), terminate: vi.fn() };
  const held = holdReplies((onReply) => {
    send = onReply;
    return job;
  });
  /** Adopts the held job; the returned list fills with every reply handed over, then and later. */
  const adopt = (): Reply[] => {
    const seen: Reply[] = [];
    held.adopt((reply) => seen.push(reply));
    return seen;
  };
  return { held, job, adopt, send: (reply: Reply) => send(reply) };
}

describe('holdReplies', () => {
  it('hands over only the latest progress while the dry run is still going, then every later reply', () => {
    const { adopt, send } = started();
    send(progress(10));
    send(progress(40));
    const seen = adopt();
    send(progress(70));
    send(analyzed);
    expect(seen).toEqual([progress(40), progress(70), analyzed]);
  });

  it('hands over a finished answer without the progress before it', () => {
    const { adopt, send } = started();
    send(progress(90));
    send(analyzed);
    const seen = adopt();
    expect(seen).toEqual([analyzed]);
  });

  it('holds a failure until adopted', () => {
    const { adopt, send } = started();
    const failed: Reply = { type: 'failed', code: 'unclosed-quote', params: { line: 3 } };
    send(failed);
    const seen = adopt();
    expect(seen).toEqual([failed]);
  });

  it('exposes the job it started, for cancel and terminate', () => {
    const { held, job } = started();
    expect(held.job).toBe(job);
  });
});
