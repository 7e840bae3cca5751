/** Account labels (`/labels`), Chatwoot's shape, the `label` feed entity and renames that follow onto contacts. */
import { describe, expect, test } from 'vitest';
import type { client} from './helpers';
import { fileHarness, list, type Loose } from './helpers';

const h = fileHarness();
const account = () => h.account();

async function feed(api: ReturnType<typeof client>, since = ''): Promise<{ changes: Loose[]; cursor: string }> {
  const reply = await api.get(`/sync/changes?since=${since}&limit=1000`);
  expect(reply.status, reply.raw).toBe(200);
  return { changes: list(reply.json.changes), cursor: String(reply.json.cursor) };
}

describe('labels', () => {
  test('create (nested or flat), list, show, update, delete in Chatwoot’s shape', async () => {
    const { api, strict } = await account();
    const created = await api.post('/labels', { label: { title: '  VIP ', description: 'Top', color: '#FF0000' } });
    expect(created.status, created.raw).toBe(200);
    expect(created.json).toMatchObject({ title: 'vip', description: 'Top', color: '#ff0000', show_on_sidebar: true, version: 1 });
    expect(created.headers.etag).toBe('"1"');
    const flat = await strict.post('/labels', { title: 'lead' });
    expect(flat.status).toBe(200);
    expect(flat.json).toMatchObject({ title: 'lead', color: '#1f93ff', description: null });
    expect('version' in (flat.body as object)).toBe(false);

    const all = await api.get('/labels');
    expect(list(all.json.payload).map((l) => l.title)).toEqual(['vip', 'lead']);
    const shown = await strict.get(`/labels/${created.json.id}`);
    expect(shown.json).toEqual({ id: created.json.id, title: 'vip', description: 'Top', color: '#ff0000', show_on_sidebar: true });

    const patched = await api.patch(`/labels/${created.json.id}`, { color: '#00ff00', show_on_sidebar: false }, { headers: { 'if-match': '"1"' } });
    expect(patched.status, patched.raw).toBe(200);
    expect(patched.json).toMatchObject({ title: 'vip', color: '#00ff00', show_on_sidebar: false, version: 2 });
    const stale = await api.patch(`/labels/${created.json.id}`, { color: '#0000ff' }, { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.json.payload).toMatchObject({ color: '#00ff00', version: 2 });

    expect((await api.delete(`/labels/${created.json.id}`)).status).toBe(200);
    expect((await api.get(`/labels/${created.json.id}`)).status).toBe(404);
    expect((await api.delete(`/labels/${created.json.id}`)).status).toBe(404);
  });

  test.each([
    [{ title: '' }, 'title'],
    [{ title: 'two words' }, 'title'],
    [{ title: 'x'.repeat(256) }, 'title'],
    [{ title: 'ok', color: 'red' }, 'color'],
    [{ title: 'dup' }, 'title'],
  ])('refuses %j with a 422 naming %s', async (body, attribute) => {
    const { api } = await account();
    await api.post('/labels', { title: 'DUP' });
    const reply = await api.post('/labels', body);
    expect(reply.status, reply.raw).toBe(422);
    expect(reply.json.attributes).toEqual([attribute]);
  });

  test('a rename to a title another label has is refused; other accounts are independent', async () => {
    const { api } = await account();
    const { api: other } = await account();
    const a = await api.post('/labels', { title: 'a' });
    await api.post('/labels', { title: 'b' });
    expect((await api.patch(`/labels/${a.json.id}`, { title: 'B' })).status).toBe(422);
    expect((await other.post('/labels', { title: 'a' })).status).toBe(200);
    expect((await other.get(`/labels/${a.json.id}`)).status).toBe(404);
  });

  test('a rename renames the title on the contacts carrying it (order kept, no duplicate) and records their label changes', async () => {
    const { api } = await account();
    const label = await api.post('/labels', { title: 'old' });
    const one = (await api.post('/contacts', { name: 'One' })).json.payload.contact.id as unknown as number;
    const two = (await api.post('/contacts', { name: 'Two' })).json.payload.contact.id as unknown as number;
    const three = (await api.post('/contacts', { name: 'Three' })).json.payload.contact.id as unknown as number;
    await api.post(`/contacts/${one}/labels`, { labels: ['a', 'old', 'z'] });
    await api.post(`/contacts/${two}/labels`, { labels: ['new', 'old'] });
    await api.post(`/contacts/${three}/labels`, { labels: ['other'] });
    const { cursor } = await feed(api);
    const renamed = await api.patch(`/labels/${label.json.id}`, { title: 'New' });
    expect(renamed.json.title).toBe('new');
    expect((await api.get(`/contacts/${one}/labels`)).json.payload).toEqual(['a', 'new', 'z']);
    expect((await api.get(`/contacts/${two}/labels`)).json.payload).toEqual(['new']);
    expect((await api.get(`/contacts/${three}/labels`)).json.payload).toEqual(['other']);
    const { changes } = await feed(api, cursor);
    expect(changes.map((c) => `${c.entity}:${c.id}`).sort()).toEqual([`contact_labels:${one}`, `contact_labels:${two}`, `label:${label.json.id}`].sort());
    expect(changes.find((c) => (c.entity as unknown) === 'label')?.data).toMatchObject({ title: 'new', version: 2 });
  });

  test('the feed carries label upserts and tombstones; delete leaves the contacts’ titles alone', async () => {
    const { api } = await account();
    const contact = (await api.post('/contacts', { name: 'C' })).json.payload.contact.id as unknown as number;
    await api.post(`/contacts/${contact}/labels`, { labels: ['gone'] });
    const { cursor } = await feed(api);
    const label = await api.post('/labels', { title: 'gone' }, { headers: { 'idempotency-key': 'label-1' } });
    const replay = await api.post('/labels', { title: 'gone' }, { headers: { 'idempotency-key': 'label-1' } });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json.id).toBe(label.json.id);
    let { changes } = await feed(api, cursor);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ entity: 'label', op: 'upsert', id: label.json.id, data: { title: 'gone' } });
    await api.delete(`/labels/${label.json.id}`);
    ({ changes } = await feed(api, cursor));
    expect(changes).toEqual([expect.objectContaining({ entity: 'label', op: 'delete', id: label.json.id, data: null })]);
    expect((await api.get(`/contacts/${contact}/labels`)).json.payload).toEqual(['gone']);
    const caps = await api.get('/sync/capabilities');
    expect(caps.json.sync.changes.entities).toContain('label');
  });
});
