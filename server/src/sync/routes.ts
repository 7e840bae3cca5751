/**
 * The sync extension: `GET …/sync/capabilities` and `GET …/sync/changes?since=<cursor>&limit=<n>`.
 * Absent in strict mode, where the server answers like stock Chatwoot (404).
 */
import type { FastifyInstance } from 'fastify';
import { findDefinitions, serializeDefinition } from '../attributes/routes';
import { currentSeq, ENTITIES, readChanges, type ChangeRow, type Entity } from '../changes';
import { MAX_PAGE_SIZE } from '../contacts/routes';
import { findContactFeedJson } from '../contacts/model';
import type { Queryable } from '../db/database';
import { principalOf, type ServerContext } from '../http/context';
import { ApiError, unprocessable } from '../http/errors';
import { countTextsWithinBudget } from '../http/page-budget';
import { findLabels, serializeLabel } from '../labels/routes';
import { findNotes, serializeNote } from '../notes/routes';
import { findSegments, serializeSegment } from '../segments/routes';

export const SYNC_PROTOCOL_VERSION = 1;
/**
 * The largest feed page. A first sync of 100k contacts is 20 pages of 5,000 (~2.3 MB each as JSON,
 * far less compressed) instead of 100 of 1,000; the page byte budget still ends a page of large
 * records early. The client asks for less on slow links.
 */
export const MAX_CHANGES_LIMIT = 5000;
export const DEFAULT_CHANGES_LIMIT = 500;
/**
 * The longest `wait` (seconds) of a long-poll on the feed. Below the client's 30 s request timeout
 * (sync-host.ts `fetchHttp`, transport.ts `REQUEST_TIMEOUT_MS`) with room for a slow answer, and
 * under the 30–60 s idle timeouts of common proxies.
 */
export const MAX_WAIT_SECONDS = 25;
/**
 * How often a waiting request looks at the account's change counter. One indexed single-row read;
 * reading the counter (not an in-process signal) also sees commits by other server processes on
 * the same PostgreSQL. 250 ms keeps a change's arrival well inside the 5 s the issue asks for.
 */
export const WAIT_CHECK_MS = 250;

export interface ChangeJson {
  seq: number;
  entity: Entity;
  id: number;
  op: 'upsert' | 'delete';
  version: number;
  /** The record as it is now (what `GET` would return); null for a tombstone. */
  data: unknown;
}

export function capabilities() {
  return {
    sync: {
      version: SYNC_PROTOCOL_VERSION,
      changes: { path: 'sync/changes', max_limit: MAX_CHANGES_LIMIT, max_wait: MAX_WAIT_SECONDS, entities: [...ENTITIES] },
      idempotency_keys: true,
      versions: { if_match: true, etag: true },
      max_per_page: MAX_PAGE_SIZE,
      labels_inline: true,
      tombstones: true,
    },
  };
}

/** A cursor is the decimal `seq` of the last change read; "" or absent means from the start. */
export function parseCursor(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,15}$/.test(raw)) throw unprocessable('since must be a cursor returned by this endpoint');
  return Number(raw);
}

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_CHANGES_LIMIT;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw unprocessable(`limit must be an integer from 1 to ${MAX_CHANGES_LIMIT}`);
  return Math.min(Number(raw), MAX_CHANGES_LIMIT);
}

export function parseWait(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,9}$/.test(raw)) throw unprocessable(`wait must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}`);
  return Math.min(Number(raw), MAX_WAIT_SECONDS);
}

/**
 * The current state of every upserted record in `rows` as JSON text, one query per entity type.
 * Contacts come as text from the database (`findContactFeedJson`): they are nearly all of a first
 * sync.
 */
async function loadRecords(db: Queryable, accountId: number, rows: readonly ChangeRow[]): Promise<Map<string, string>> {
  const wanted = (entity: Entity) => rows.filter((row) => row.entity === entity && row.op === 'upsert').map((row) => row.entity_id);
  const records = new Map<string, string>();
  const contactIds = [...new Set([...wanted('contact'), ...wanted('contact_labels')])];
  for (const contact of await findContactFeedJson(db, accountId, contactIds)) {
    records.set(`contact:${contact.id}`, contact.contact);
    records.set(`contact_labels:${contact.id}`, contact.labels);
  }
  for (const note of await findNotes(db, accountId, wanted('note'))) records.set(`note:${note.id}`, JSON.stringify(serializeNote(note, false)));
  for (const definition of await findDefinitions(db, accountId, wanted('custom_attribute_definition'))) {
    records.set(`custom_attribute_definition:${definition.id}`, JSON.stringify(serializeDefinition(definition, false)));
  }
  for (const segment of await findSegments(db, accountId, wanted('custom_filter'))) {
    records.set(`custom_filter:${segment.id}`, JSON.stringify(serializeSegment(segment, false)));
  }
  for (const label of await findLabels(db, accountId, wanted('label'))) records.set(`label:${label.id}`, JSON.stringify(serializeLabel(label, false)));
  return records;
}

/** One change as JSON text: a {@link ChangeJson} whose `data` is already JSON. */
function changeText(row: ChangeRow, data: string): string {
  return `{"seq":${row.seq},"entity":${JSON.stringify(row.entity)},"id":${row.entity_id},"op":${JSON.stringify(row.op)},"version":${row.version},"data":${data}}`;
}

export function registerSyncRoutes(app: FastifyInstance, context: ServerContext): void {
  if (context.strict) return;
  const { db } = context;

  app.get('/sync/capabilities', async () => capabilities());

  // Long-polls end when the server closes, rather than holding its shutdown for up to MAX_WAIT_SECONDS.
  let closing = false;
  const waiting = new Set<() => void>();
  app.addHook('preClose', async () => {
    closing = true;
    for (const wake of [...waiting]) wake();
  });

  /** Resolves after `ms`, or at once when the server closes or the client goes away. */
  const pause = (ms: number, gone: () => boolean) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiting.add(done);
      if (closing || gone()) done();
    });

  app.get('/sync/changes', async (request, reply) => {
    const principal = principalOf(request);
    const query = request.query as { since?: string; limit?: string; wait?: string };
    const since = parseCursor(query.since);
    const limit = parseLimit(query.limit);
    const deadline = Date.now() + parseWait(query.wait) * 1000;
    let clientGone = false;
    reply.raw.once('close', () => (clientGone = true));
    let head: number;
    let rows: ChangeRow[];
    // A long-poll (`wait`): with nothing after `since` for this user, look again every
    // WAIT_CHECK_MS until something is, the wait is over, the client left or the server closes.
    for (;;) {
      // Read the head first: every change up to it is committed, so the cursor may move to it.
      head = await currentSeq(db, principal.accountId);
      // A cursor ahead of the log means the client synced with another database (a reset server):
      // it must start over rather than wait for numbers that will mean different changes.
      if (since > head) throw new ApiError(410, { error: 'The cursor is ahead of this server; sync again from the start' });
      rows = head === since ? [] : await readChanges(db, { accountId: principal.accountId, userId: principal.user.id, since, head, limit: limit + 1 });
      const left = deadline - Date.now();
      if (rows.length > 0 || left <= 0 || closing || clientGone) break;
      await pause(Math.min(WAIT_CHECK_MS, left), () => clientGone);
    }
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const records = await loadRecords(db, principal.accountId, page);
    const changes: string[] = [];
    const seqs: number[] = [];
    for (const row of page) {
      const data = row.op === 'delete' ? 'null' : records.get(`${row.entity}:${row.entity_id}`);
      // A record deleted after we read the log: its tombstone has a later seq and comes on the next read.
      if (data === undefined) continue;
      changes.push(changeText(row, data));
      seqs.push(row.seq);
    }
    // Large records end the page early; the cursor stops at the last change sent.
    const kept = countTextsWithinBudget(changes, context.pageByteBudget);
    const cut = kept < changes.length;
    const cursor = cut ? seqs[kept - 1] : hasMore ? (page.at(-1)?.seq ?? head) : head;
    // The page is written as text: the records are JSON already (findContactFeedJson).
    reply.type('application/json; charset=utf-8');
    return `{"changes":[${(cut ? changes.slice(0, kept) : changes).join(',')}],"cursor":${JSON.stringify(String(cursor))},"has_more":${cut || hasMore}}`;
  });
}
