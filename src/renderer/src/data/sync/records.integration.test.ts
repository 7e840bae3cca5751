/**
 * Labels, custom attribute definitions, segments and notes synced against the real server (PGlite,
 * over a socket), in both modes: pushed, pulled from another user's writes, refused (Retry/Discard),
 * a lost answer replayed without a duplicate, notes edited on both sides (conflict + Keep mine).
 */
// Before anything that imports Dexie: it takes the IndexedDB it finds when first imported.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Note } from '../../../../shared/records';
import { NOTE_CONFLICT_PREFIX } from '../store/sync-records-repository';
import { requestNotesRefresh } from './participants/notes';
import { createTestClient, fetchTransportFor, syncUntilQuiet, type TestClient } from '../../../../../tests/support/sync-harness';
import { serversForTheseTests } from '../../../../../tests/support/sync-servers';
import type { SyncRequest, SyncResponse, SyncTransport } from './transport';

const servers = serversForTheseTests();

const offline: SyncTransport = { request: () => Promise.reject(new TypeError('fetch failed')) };

/**
 * Answers the first `times` requests to each path matching `match` with `answer` instead; `'lost'` lets them reach
 * the server and answers 500, `'dropped'` lets them reach the server and then the connection drops.
 */
function intercept(transport: SyncTransport, match: (request: SyncRequest) => boolean, answer: SyncResponse | 'lost' | 'dropped', times = 1): SyncTransport & { hits: number } {
  const seen = new Map<string, number>();
  const wrapper = {
    hits: 0,
    async request(request: SyncRequest): Promise<SyncResponse> {
      const where = `${request.method} ${request.path}`;
      if ((seen.get(where) ?? 0) < times && match(request)) {
        seen.set(where, (seen.get(where) ?? 0) + 1);
        wrapper.hits += 1;
        if (answer === 'lost') {
          await transport.request(request);
          return { status: 500, headers: {}, body: { error: 'Internal server error' } };
        }
        if (answer === 'dropped') {
          await transport.request(request);
          throw new TypeError('socket hang up');
        }
        return answer;
      }
      return transport.request(request);
    },
  };
  return wrapper;
}

const refuse = (message: string, attributes: string[] = []): SyncResponse => ({ status: 422, headers: {}, body: { message, attributes } });

interface Loose {
  [key: string]: unknown;
}

async function get(remote: SyncTransport, path: string, query?: Record<string, string>): Promise<Loose[]> {
  const response = await remote.request({ method: 'GET', path, query });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const body = response.body as Loose[] | { payload: Loose[] };
  return Array.isArray(body) ? body : body.payload;
}

async function post(remote: SyncTransport, path: string, body: unknown): Promise<Loose> {
  const response = await remote.request({ method: 'POST', path, body });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as Loose;
}

describe.each([
  ['extension', false],
  ['stock Chatwoot (strict)', true],
])('records sync against the server: %s', (_mode, strict) => {
  async function setup(): Promise<{ client: TestClient; remote: SyncTransport; transport: SyncTransport }> {
    const account = await servers.newAccount();
    const transport = fetchTransportFor(strict ? servers.strictUrl : servers.url, account.accountId, account.token);
    const remote = fetchTransportFor(servers.url, account.accountId, account.token);
    return { client: createTestClient(transport), remote, transport };
  }

  it('labels: create, recolor, rename (contacts follow), delete are pushed; the server’s are pulled', async () => {
    const { client, remote } = await setup();
    const vip = await client.repository.labels.create({ title: 'VIP', color: '#ff0000' });
    const lead = await client.repository.labels.create({ title: 'lead' });
    const ana = await client.repository.contacts.create({ name: 'Ana', email: 'ana@l.test', labels: ['vip'] });
    expect(client.engine.status().waiting).toBe(0);
    await client.engine.refresh();
    expect(client.engine.status().waiting).toBe(3);
    expect((await client.engine.syncNow()).ok).toBe(true);
    let server = await get(remote, 'labels');
    expect(server.map((l) => [l.title, l.color]).sort()).toEqual([['lead', '#1f93ff'], ['vip', '#ff0000']]);
    expect((await client.db.labels.get(vip.id))?.serverId).toBe(server.find((l) => l.title === 'vip')?.id);
    expect(await client.db.outbox.count()).toBe(0);
    expect(client.engine.status().waiting).toBe(0);

    await client.repository.labels.recolor(vip.id, '#00ff00');
    await client.repository.labels.rename(vip.id, 'gold');
    await client.repository.labels.remove(lead.id);
    expect((await client.engine.syncNow()).ok).toBe(true);
    server = await get(remote, 'labels');
    expect(server.map((l) => [l.title, l.color])).toEqual([['gold', '#00ff00']]);
    const anaServerId = (await client.repository.contacts.get(ana.id))!.serverId!;
    expect((await get(remote, `contacts/${anaServerId}/labels`)) as unknown).toEqual(['gold']);

    // Another user: a new label, a rename (which renames the contacts' titles on the server), a delete.
    const web = await post(remote, 'labels', { title: 'web', color: '#123456', description: 'From the widget' });
    await remote.request({ method: 'PATCH', path: `labels/${server[0].id as number}`, body: { title: 'platinum' } });
    const events = client.syncEvents.length;
    expect((await client.engine.syncNow({ fullReconcile: true })).ok).toBe(true);
    const local = await client.repository.labels.getAll();
    expect(local.map((l) => [l.title, l.color, l.description, l.serverId]).sort()).toEqual([
      ['platinum', '#00ff00', '', server[0].id],
      ['web', '#123456', 'From the widget', web.id],
    ]);
    expect((await client.repository.contacts.get(ana.id))?.labels).toEqual(['platinum']);
    expect(client.syncEvents.slice(events).some((e) => e.entity === 'label' && e.origin === 'sync')).toBe(true);
    await remote.request({ method: 'DELETE', path: `labels/${web.id as number}` });
    // Stock Chatwoot reads the list again on a full reconcile (or after a minute): not on this plain run.
    expect((await client.engine.syncNow()).ok).toBe(true);
    expect((await client.repository.labels.getAll()).length).toBe(strict ? 2 : 1);
    expect((await client.engine.syncNow({ fullReconcile: true })).ok).toBe(true);
    expect((await client.repository.labels.getAll()).map((l) => l.title)).toEqual(['platinum']);
    expect(await client.db.outbox.count()).toBe(0);
    client.close();
  });

  it('labels: the same title made offline on two machines ends as one label', async () => {
    const { client, remote } = await setup();
    await post(remote, 'labels', { title: 'partner', color: '#111111' });
    const mine = await client.repository.labels.create({ title: 'partner', color: '#222222' });
    expect((await syncUntilQuiet(client.engine)).ok).toBe(true);
    const server = await get(remote, 'labels');
    expect(server).toHaveLength(1);
    expect(server[0].color).toBe('#222222');
    const local = await client.repository.labels.getAll();
    expect(local.map((l) => [l.id, l.serverId])).toEqual([[mine.id, server[0].id]]);
    client.close();
  });

  it('attribute definitions and segments: pushed, pulled, deleted; conversation ones ignored', async () => {
    const { client, remote } = await setup();
    const plan = await client.repository.attributeDefinitions.create({ key: 'plan', displayName: 'Plan', type: 'list', listValues: ['free', 'gold'], description: '' });
    const gold = await client.repository.segments.create({ name: 'Gold', query: { payload: [{ attribute_key: 'plan', filter_operator: 'equal_to', values: ['gold'], query_operator: null }] } });
    expect((await client.engine.syncNow()).ok).toBe(true);
    let definitions = await get(remote, 'custom_attribute_definitions', { attribute_model: 'contact_attribute' });
    expect(definitions).toMatchObject([{ attribute_key: 'plan', attribute_display_type: 'list', attribute_values: ['free', 'gold'] }]);
    let segments = await get(remote, 'custom_filters', { filter_type: 'contact' });
    expect(segments).toMatchObject([{ name: 'Gold', query: { payload: [{ attribute_key: 'plan' }] } }]);

    await client.repository.attributeDefinitions.update(plan.id, { displayName: 'Plan name', listValues: ['free', 'gold', 'pro'] });
    await client.repository.segments.update(gold.id, { name: 'Gold customers' });
    expect((await client.engine.syncNow()).ok).toBe(true);
    definitions = await get(remote, 'custom_attribute_definitions', { attribute_model: 'contact_attribute' });
    expect(definitions).toMatchObject([{ attribute_display_name: 'Plan name', attribute_values: ['free', 'gold', 'pro'] }]);
    segments = await get(remote, 'custom_filters', { filter_type: 'contact' });
    expect(segments).toMatchObject([{ name: 'Gold customers' }]);

    await post(remote, 'custom_attribute_definitions', { attribute_key: 'score', attribute_display_name: 'Score', attribute_display_type: 'percent', attribute_model: 'contact_attribute' });
    await post(remote, 'custom_attribute_definitions', { attribute_key: 'priority', attribute_display_name: 'Priority', attribute_display_type: 'text', attribute_model: 'conversation_attribute' });
    await post(remote, 'custom_filters', { name: 'Open', filter_type: 'conversation', query: { payload: [] } });
    await remote.request({ method: 'PATCH', path: `custom_filters/${segments[0].id as number}`, body: { name: 'Gold (server)' } });
    expect((await client.engine.syncNow({ fullReconcile: true })).ok).toBe(true);
    expect((await client.repository.attributeDefinitions.getAll()).map((d) => [d.key, d.type]).sort()).toEqual([['plan', 'list'], ['score', 'number']]);
    expect((await client.repository.segments.getAll()).map((s) => s.name)).toEqual(['Gold (server)']);

    await client.repository.attributeDefinitions.remove(plan.id);
    await remote.request({ method: 'DELETE', path: `custom_filters/${segments[0].id as number}` });
    expect((await client.engine.syncNow({ fullReconcile: true })).ok).toBe(true);
    definitions = await get(remote, 'custom_attribute_definitions', { attribute_model: 'contact_attribute' });
    expect(definitions.map((d) => d.attribute_key)).toEqual(['score']);
    expect(await client.repository.segments.getAll()).toEqual([]);
    expect(await client.db.outbox.count()).toBe(0);
    client.close();
  });

  it('notes: a note of a contact made offline waits for the contact, then create, edit and delete go; the server’s come back', async () => {
    const { client, remote, transport } = await setup();
    const offlineClient = client.restart(offline);
    const ana = await offlineClient.repository.contacts.create({ name: 'Ana García', email: 'ana@n.test' });
    const note = await offlineClient.repository.notes.create({ contactId: ana.id, bodySlate: null, bodyMarkdown: '**Prefers** email', author: { name: 'Me' } });
    expect((await offlineClient.engine.syncNow()).ok).toBe(false);
    await offlineClient.engine.refresh();
    expect(offlineClient.engine.status().waiting).toBe(2);
    const online = offlineClient.restart(transport);
    expect((await online.engine.syncNow()).ok).toBe(true);
    const contactId = (await online.repository.contacts.get(ana.id))!.serverId!;
    let server = await get(remote, `contacts/${contactId}/notes`);
    expect(server.map((n) => n.content)).toEqual(['**Prefers** email']);
    expect((await online.repository.notes.get(note.id))?.serverId).toBe(server[0].id);

    await online.repository.notes.update(note.id, { bodySlate: null, bodyMarkdown: 'Prefers phone' });
    expect((await online.engine.syncNow()).ok).toBe(true);
    server = await get(remote, `contacts/${contactId}/notes`);
    expect(server.map((n) => n.content)).toEqual(['Prefers phone']);

    const theirs = await post(remote, `contacts/${contactId}/notes`, { content: 'Called on *Monday*' });
    await online.repository.notes.remove(note.id);
    if (strict) await requestNotesRefresh(online.sync, ana.id);
    expect((await online.engine.syncNow()).ok).toBe(true);
    server = await get(remote, `contacts/${contactId}/notes`);
    expect(server.map((n) => n.id)).toEqual([theirs.id]);
    const local = await online.repository.notes.listForContact(ana.id);
    expect(local.map((n) => [n.bodyMarkdown, n.serverId])).toEqual([['Called on *Monday*', theirs.id]]);
    expect(local[0].bodySlate).not.toBeNull();
    expect(online.syncEvents.some((e) => e.entity === 'note' && e.origin === 'sync' && e.put.some((n) => n.id === local[0].id))).toBe(true);

    await remote.request({ method: 'DELETE', path: `contacts/${contactId}/notes/${theirs.id as number}` });
    if (strict) await requestNotesRefresh(online.sync, ana.id);
    expect((await online.engine.syncNow()).ok).toBe(true);
    expect(await online.repository.notes.listForContact(ana.id)).toEqual([]);
    expect(await online.db.outbox.count()).toBe(0);
    online.close();
  });

  it('notes: edited on both sides keeps the server’s text and records a conflict; Keep mine sends ours', async () => {
    const { client, remote } = await setup();
    const bea = await client.repository.contacts.create({ name: 'Bea', email: 'bea@n.test' });
    const note = await client.repository.notes.create({ contactId: bea.id, bodySlate: null, bodyMarkdown: 'v1', author: { name: 'Me' } });
    expect((await client.engine.syncNow()).ok).toBe(true);
    const contactId = (await client.repository.contacts.get(bea.id))!.serverId!;
    const serverId = (await client.repository.notes.get(note.id))!.serverId!;
    await remote.request({ method: 'PATCH', path: `contacts/${contactId}/notes/${serverId}`, body: { content: 'theirs' } });
    await client.repository.notes.update(note.id, { bodySlate: null, bodyMarkdown: 'mine' });
    expect((await syncUntilQuiet(client.engine)).ok).toBe(true);
    expect((await client.repository.notes.get(note.id))?.bodyMarkdown).toBe('theirs');
    expect((await get(remote, `contacts/${contactId}/notes`)).map((n) => n.content)).toEqual(['theirs']);
    const conflicts = await client.sync.conflictsOf(bea.id);
    expect(conflicts).toMatchObject([{ field: `${NOTE_CONFLICT_PREFIX}${note.id}`, localValue: 'mine', serverValue: 'theirs' }]);
    expect(client.engine.status().conflicts).toBe(1);

    await client.sync.resolveConflict(conflicts[0].id, 'mine');
    expect((await client.repository.notes.get(note.id))?.bodyMarkdown).toBe('mine');
    expect((await client.engine.syncNow()).ok).toBe(true);
    expect((await get(remote, `contacts/${contactId}/notes`)).map((n) => n.content)).toEqual(['mine']);
    expect(await client.sync.allConflicts()).toEqual([]);
    client.close();
  });

  it('refused changes of each kind are held with the server’s words; Retry sends them again, Discard reverts', async () => {
    const { client, transport, remote } = await setup();
    const contact = await client.repository.contacts.create({ name: 'Cai', email: 'cai@n.test' });
    expect((await client.engine.syncNow()).ok).toBe(true);
    const refusing = intercept(transport, (r) => r.method === 'POST' && (r.path === 'labels' || r.path.endsWith('/notes')), refuse('Title is invalid', ['title']));
    const refusingClient = client.restart(refusing);
    const label = await refusingClient.repository.labels.create({ title: 'refused' });
    const note = await refusingClient.repository.notes.create({ contactId: contact.id, bodySlate: null, bodyMarkdown: 'refused note', author: { name: 'Me' } });
    const seg = await refusingClient.repository.segments.create({ name: 'Fine', query: { payload: [] } });
    const run = await refusingClient.engine.syncNow();
    expect(run.ok).toBe(true);
    expect(refusingClient.engine.status()).toMatchObject({ rejected: 2, waiting: 0 });
    const rejected = await refusingClient.sync.rejectedEntries();
    expect(rejected.map((e) => [e.entity, e.entityId, e.lastError]).sort()).toEqual(
      [
        ['label', label.id, 'Title is invalid'],
        ['note', note.id, 'Title is invalid'],
      ].sort(),
    );
    // The segment was not held back by them.
    expect((await refusingClient.repository.segments.get(seg.id))?.serverId).not.toBeNull();

    const labelRow = rejected.find((e) => e.entity === 'label')!;
    const noteRow = rejected.find((e) => e.entity === 'note')!;
    await refusingClient.sync.retryRejected(labelRow.seq);
    await refusingClient.sync.discardRejected(noteRow.seq);
    expect(await refusingClient.repository.notes.get(note.id)).toBeUndefined();
    expect((await refusingClient.engine.syncNow()).ok).toBe(true);
    expect((await get(remote, 'labels')).map((l) => l.title)).toEqual(['refused']);
    expect(await get(remote, `contacts/${contact.serverId ?? (await refusingClient.repository.contacts.get(contact.id))!.serverId!}/notes`)).toEqual([]);
    expect(refusingClient.engine.status()).toMatchObject({ rejected: 0, waiting: 0 });
    refusingClient.close();
  });

  it.each(['lost', 'dropped'] as const)('a %s answer is replayed without a duplicate (label, definition, segment, note), also after a restart', async (how) => {
    const { client, transport, remote } = await setup();
    const contact = await client.repository.contacts.create({ name: 'Dan', email: 'dan@n.test' });
    expect((await client.engine.syncNow()).ok).toBe(true);
    const lossy = intercept(transport, (r) => r.method === 'POST' && ['labels', 'custom_attribute_definitions', 'custom_filters'].includes(r.path), how);
    const notesLossy = intercept(lossy, (r) => r.method === 'POST' && r.path.endsWith('/notes'), how, 1);
    const lossyClient = client.restart(notesLossy);
    await lossyClient.repository.labels.create({ title: 'once' });
    await lossyClient.repository.attributeDefinitions.create({ key: 'tier', displayName: 'Tier', type: 'text', listValues: [], description: '' });
    await lossyClient.repository.segments.create({ name: 'Once', query: { payload: [] } });
    const note = await lossyClient.repository.notes.create({ contactId: contact.id, bodySlate: null, bodyMarkdown: 'only once', author: { name: 'Me' } });
    // A dropped connection ends the run: one try per run until every record has met its fault.
    for (let run = 0; run < 4 && lossy.hits + notesLossy.hits < 4; run += 1) expect((await lossyClient.engine.syncNow()).ok).toBe(false);
    expect(lossy.hits + notesLossy.hits).toBe(4);
    // Restart, then the queue goes again.
    const again = lossyClient.restart(transport);
    expect((await syncUntilQuiet(again.engine)).ok).toBe(true);
    expect((await get(remote, 'labels')).map((l) => l.title)).toEqual(['once']);
    expect((await get(remote, 'custom_attribute_definitions', { attribute_model: 'contact_attribute' })).map((d) => d.attribute_key)).toEqual(['tier']);
    expect((await get(remote, 'custom_filters', { filter_type: 'contact' })).map((s) => s.name)).toEqual(['Once']);
    const contactServerId = (await again.repository.contacts.get(contact.id))!.serverId!;
    const notes = await get(remote, `contacts/${contactServerId}/notes`);
    expect(notes.map((n) => n.content)).toEqual(['only once']);
    expect((await again.repository.labels.getAll()).length).toBe(1);
    expect((await again.repository.attributeDefinitions.getAll()).length).toBe(1);
    expect((await again.repository.segments.getAll()).length).toBe(1);
    const localNotes: Note[] = await again.repository.notes.getAll();
    expect(localNotes.map((n) => [n.id, n.serverId])).toEqual([[note.id, notes[0].id]]);
    expect(await again.db.outbox.count()).toBe(0);
    again.close();
  });
});


describe.each([
  ['extension', false],
  ['stock Chatwoot (strict)', true],
])('records deleted on the server while edited here, merges, discards: %s', (_mode, strict) => {
  async function setup(): Promise<{ client: TestClient; remote: SyncTransport }> {
    const account = await servers.newAccount();
    const transport = fetchTransportFor(strict ? servers.strictUrl : servers.url, account.accountId, account.token);
    return { client: createTestClient(transport), remote: fetchTransportFor(servers.url, account.accountId, account.token) };
  }

  it('a label and a note deleted on the server while edited here are kept and created again', async () => {
    const { client, remote } = await setup();
    const eva = await client.repository.contacts.create({ name: 'Eva', email: 'eva@n.test' });
    const label = await client.repository.labels.create({ title: 'keep' });
    const note = await client.repository.notes.create({ contactId: eva.id, bodySlate: null, bodyMarkdown: 'first', author: { name: 'Me' } });
    expect((await client.engine.syncNow()).ok).toBe(true);
    const contactServerId = (await client.repository.contacts.get(eva.id))!.serverId!;
    const labelServerId = (await client.db.labels.get(label.id))!.serverId!;
    const noteServerId = (await client.repository.notes.get(note.id))!.serverId!;
    await remote.request({ method: 'DELETE', path: `labels/${labelServerId}` });
    await remote.request({ method: 'DELETE', path: `contacts/${contactServerId}/notes/${noteServerId}` });
    await client.repository.labels.recolor(label.id, '#abcdef');
    await client.repository.notes.update(note.id, { bodySlate: null, bodyMarkdown: 'second' });
    expect((await syncUntilQuiet(client.engine)).ok).toBe(true);
    expect((await get(remote, 'labels')).map((l) => [l.title, l.color])).toEqual([['keep', '#abcdef']]);
    expect((await get(remote, `contacts/${contactServerId}/notes`)).map((n) => n.content)).toEqual(['second']);
    expect((await client.db.labels.get(label.id))?.serverId).not.toBe(labelServerId);
    expect((await client.repository.notes.get(note.id))?.serverId).not.toBe(noteServerId);
    expect(await client.db.outbox.count()).toBe(0);
    client.close();
  });

  it('notes follow a contact merge onto the surviving contact', async () => {
    const { client, remote } = await setup();
    const base = await client.repository.contacts.create({ name: 'Fer', email: 'fer@n.test' });
    const other = await client.repository.contacts.create({ name: 'Fer (2)', email: 'fer2@n.test' });
    await client.repository.notes.create({ contactId: other.id, bodySlate: null, bodyMarkdown: 'moved note', author: { name: 'Me' } });
    expect((await client.engine.syncNow()).ok).toBe(true);
    const stored = (await client.repository.contacts.get(base.id))!;
    await client.repository.contacts.merge(base.id, other.id, { ...stored, city: 'Lima' });
    expect((await syncUntilQuiet(client.engine)).ok).toBe(true);
    expect((await get(remote, `contacts/${stored.serverId!}/notes`)).map((n) => n.content)).toEqual(['moved note']);
    const notes = await client.repository.notes.listForContact(base.id);
    expect(notes).toHaveLength(1);
    expect(notes[0].serverId).not.toBeNull();
    expect(await client.db.outbox.count()).toBe(0);
    client.close();
  });

  it('Discard of a refused label change or deletion puts back what the server has', async () => {
    const { client, remote } = await setup();
    const alone = await client.repository.labels.create({ title: 'alone', color: '#111111' });
    const later = await client.repository.labels.create({ title: 'later', color: '#111111' });
    const seg = await client.repository.segments.create({ name: 'S', query: { payload: [] } });
    expect((await client.engine.syncNow()).ok).toBe(true);
    await client.repository.labels.recolor(alone.id, '#222222');
    await client.repository.labels.recolor(later.id, '#222222');
    await client.repository.segments.remove(seg.id);
    const rows = await client.db.outbox.toArray();
    await client.db.outbox.bulkPut(rows.map((r) => ({ ...r, state: 'rejected' as const, lastError: 'No' })));
    await client.repository.labels.recolor(later.id, '#333333');
    for (const row of await client.sync.rejectedEntries()) await client.sync.discardRejected(row.seq);
    // The refused recolor goes back to the server's colour, unless a later edit of the same field supersedes it.
    expect((await client.db.labels.get(alone.id))?.color).toBe('#111111');
    expect((await client.db.labels.get(later.id))?.color).toBe('#333333');
    expect((await client.repository.segments.getAll()).map((s) => s.name)).toEqual(['S']);
    expect((await client.engine.syncNow()).ok).toBe(true);
    expect((await get(remote, 'labels')).map((l) => [l.title, l.color])).toEqual([
      ['alone', '#111111'],
      ['later', '#333333'],
    ]);
    expect((await get(remote, 'custom_filters', { filter_type: 'contact' })).map((x) => x.name)).toEqual(['S']);
    expect(await client.db.outbox.count()).toBe(0);
    client.close();
  });
});
