import { z } from 'zod';
import type { Contact } from '../../../../../shared/contact';
import { parseContactJson, type ServerContact } from '../../../../../shared/sync/wire';
import type { ServerPage } from '../../store/sync-repository';
import { STATE_KEYS, SyncStop, type FeedApplied, type FeedChange } from '../participant';
import { labelsResponseSchema, listSchema, type ContactsRun } from './contacts-requests';
import { retryLater } from './push-queue';

/** Stock Chatwoot's fixed page (`RESULTS_PER_PAGE`). */
export const CHATWOOT_PAGE_SIZE = 15;

/** The feed's entities that are contacts' (a contact's labels are a change of their own: they do not move its `version`). */
export const CONTACT_FEED_ENTITIES = ['contact', 'contact_labels'] as const;

const labelsDataSchema = z.object({ contact_id: z.number().int(), labels: z.array(z.string()) });

/** A first read of the feed: the server's contact count, for the progress total (null when it does not say). */
export async function contactTotal({ ctx }: ContactsRun): Promise<number | null> {
  const { response, failure } = await ctx.call({
    method: 'GET',
    path: 'contacts',
    query: { per_page: 1, include_contact_inboxes: 'false' },
  });
  const list = failure ? null : listSchema.safeParse(response.body);
  return list?.success ? (list.data.meta?.count ?? null) : null;
}

/** One feed page's contact changes, applied inside the page's transaction. */
export async function applyContactFeed(
  { sync }: ContactsRun,
  changes: readonly FeedChange[],
): Promise<FeedApplied> {
  const page: ServerPage = { contacts: [], labels: [], deletedServerIds: [] };
  for (const change of changes) {
    if (change.entity === 'contact' && change.op === 'delete') page.deletedServerIds.push(change.id);
    else if (change.entity === 'contact') {
      const contact = parseContactJson(change.data);
      if (contact) page.contacts.push(contact);
    } else if (change.entity === 'contact_labels' && change.op === 'upsert') {
      const labels = labelsDataSchema.safeParse(change.data);
      if (labels.success) page.labels.push({ serverId: labels.data.contact_id, labels: labels.data.labels });
    }
  }
  await sync.applyServerPage(page);
  const records = page.contacts.length + page.deletedServerIds.length;
  return { pulled: records + page.labels.length, progress: records };
}

/** Stock Chatwoot: page through every contact; a synced contact not seen (and confirmed 404) was deleted. */
export async function pullScan(run: ContactsRun, full: boolean): Promise<void> {
  const { sync, ctx } = run;
  const seen = new Set<number>();
  const known = await sync.syncedServerIds();
  let total: number | null = null;
  for (let page = 1; ; page += 1) {
    const { response, failure } = await ctx.call({
      method: 'GET',
      path: 'contacts',
      query: { page, sort: full ? 'created_at' : '-created_at', include_contact_inboxes: 'false' },
    });
    if (failure) throw new SyncStop(failure);
    const list = listSchema.safeParse(response.body);
    if (!list.success) throw new SyncStop(retryLater('The contact list answered something unexpected'));
    total = list.data.meta?.count ?? total;
    const contacts = list.data.payload.map(parseContactJson).filter((c): c is ServerContact => c !== null);
    const fresh = contacts.filter((c) => !known.has(c.serverId));
    const wanted = full ? contacts : fresh;
    await readLabels(run, wanted);
    for (const contact of contacts) seen.add(contact.serverId);
    await sync.applyServerPage({ contacts: wanted, labels: [], deletedServerIds: [] });
    ctx.countPulled(wanted.length);
    ctx.progress(seen.size, total);
    if (contacts.length < CHATWOOT_PAGE_SIZE || (!full && fresh.length === 0)) break;
  }
  if (!full) return;
  const gone = await confirmDeleted(run, known, seen);
  await sync.applyServerPage({
    contacts: [],
    labels: [],
    deletedServerIds: gone,
    state: [{ key: STATE_KEYS.lastReconcileAt, value: ctx.now() }],
  });
}

/** Labels are per contact in stock Chatwoot (notes §8): one request each. */
async function readLabels({ ctx }: ContactsRun, contacts: ServerContact[]): Promise<void> {
  for (const contact of contacts) {
    const labels = await ctx.call({ method: 'GET', path: `contacts/${contact.serverId}/labels` });
    const parsed = labels.failure ? null : labelsResponseSchema.safeParse(labels.response.body);
    if (parsed?.success) {
      contact.fields = { ...contact.fields, labels: parsed.data.payload };
      contact.labelsKnown = true;
    }
  }
}

/** The synced contacts a full scan did not see that the server confirms gone (404). */
async function confirmDeleted(
  { ctx }: ContactsRun,
  known: ReadonlyMap<number, Contact>,
  seen: Set<number>,
): Promise<number[]> {
  const gone: number[] = [];
  for (const [serverId, contact] of known) {
    if (seen.has(serverId)) continue;
    // Stock lists hide contacts without email, phone and identifier (chatwoot#11978): not a deletion.
    if (!contact.email && !contact.phone && !contact.identifier) continue;
    // Pages shift when someone deletes during the scan: confirm before deleting anything.
    const { failure } = await ctx.call({
      method: 'GET',
      path: `contacts/${serverId}`,
      query: { include_contact_inboxes: 'false' },
    });
    if (failure?.kind === 'not-found') gone.push(serverId);
  }
  return gone;
}
