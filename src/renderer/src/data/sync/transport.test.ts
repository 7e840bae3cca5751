import { describe, expect, it } from 'vitest';
import type { SyncRequestPayload } from '../../../../shared/sync/connection';
import { createSyncHostCore, type HttpAnswerText, type StoredConnection } from '../../../../shared/sync/sync-host';
import { createHostTransport } from './transport';

/** A host core connected to a fake server that answers each request with the next text. */
function hostAnswering(texts: string[]) {
  const stored: StoredConnection = { origin: 'https://chat.example.com', accountId: 3, token: 'tok' };
  const core = createSyncHostCore(
    { load: async () => stored, save: async () => undefined, clear: async () => undefined },
    async (): Promise<HttpAnswerText> => ({ status: 200, headers: { 'Content-Type': 'application/json' }, text: texts.shift() ?? '' }),
  );
  const asked: SyncRequestPayload[] = [];
  return { core, asked, host: { syncRequest: (request: SyncRequestPayload) => (asked.push(request), core.request(request)) } };
}

describe('the host transport', () => {
  it('has the host answer with the body text and parses it where the engine runs (the sync worker)', async () => {
    const page = '{"changes":[{"seq":1,"entity":"contact","id":7,"op":"upsert","data":{"name":"Zoë"}}],"cursor":"1","has_more":false}';
    const { host, asked } = hostAnswering([page]);
    const response = await createHostTransport(host).request({ method: 'GET', path: 'sync/changes', query: { since: '', limit: 5000 } });
    // What crosses from the window to the worker is the text, not an object graph.
    expect(asked).toEqual([{ method: 'GET', path: 'sync/changes', query: { since: '', limit: 5000 }, rawBody: true }]);
    expect(response).toEqual({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.parse(page) });
  });

  it('reads a body as before: JSON parsed, other text as text, empty as null', async () => {
    const { host } = hostAnswering(['{"payload":[]}', 'Service Unavailable', '', '"x"']);
    const transport = createHostTransport(host);
    const bodies = [];
    for (let i = 0; i < 4; i++) bodies.push((await transport.request({ method: 'GET', path: 'contacts' })).body);
    expect(bodies).toEqual([{ payload: [] }, 'Service Unavailable', null, 'x']);
    // Without `rawBody` the host still parses (Settings' calls and any other caller).
    const parsed = hostAnswering(['{"a":1}']);
    expect(await parsed.core.request({ method: 'GET', path: 'contacts' })).toMatchObject({ ok: true, value: { body: { a: 1 } } });
  });
});
