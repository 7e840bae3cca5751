import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import sampleCsv from '../../../../../tests/fixtures/chatwoot/import-contacts-sample.csv?raw';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import type { OutboxEntry } from '../../../../shared/records';
import { coalesceOutbox } from '../../../../shared/sync/outbox';
import { createTestClient, fetchTransportFor } from '../../../../../tests/support/sync-harness';
import { serversForTheseTests } from '../../../../../tests/support/sync-servers';
import type { SyncRequest, SyncTransport } from '../sync/transport';
import type { ChangeEvent } from './change-bus';
import {
  beginImport,
  importProblems,
  listImports,
  planImportUndo,
  reopenImport,
  undoImport,
  writeImportBatch,
  type ImportCore,
} from './import-repository';
import { contactFieldsOf } from './contact-fields';
import { addLabelOp } from './label-ops';
import { BULK_OUTBOX_ENTITY_ID, expandBulkOutbox, isPackedRow, pendingBulkEntriesOf } from './outbox-expansion';
import { createRepository, createRepositoryCore } from './repository';
import type { WintookDb } from './schema';
import { deterministicOptions, freshDb, importCsvText } from '../../../../../tests/support/db';

/** Small batches: the batching logic is the same at any size, and fake-indexeddb is slow (the app's size: IMPORT_BATCH_ROWS). */
const BATCH_ROWS = 250;

const dbs: WintookDb[] = [];
afterEach(() => {
  while (dbs.length) dbs.pop()?.close();
});

function testCore(): ImportCore & { events: ChangeEvent[] } {
  const db = freshDb();
  dbs.push(db);
  const events: ChangeEvent[] = [];
  return { ...createRepositoryCore(db, (published) => events.push(...published), deterministicOptions()), db, events };
}

/** The outbox as sync reads it: packed rows unpacked first (outbox-expansion.ts). */
async function outboxRows(core: ImportCore): Promise<OutboxEntry[]> {
  await expandBulkOutbox(core.db);
  return core.db.outbox.orderBy('seq').toArray();
}

/** What the import worker does (tests/support/db.ts `importCsvText`), in this file's batch size. */
function importText(core: ImportCore, text: string, name = 'x.csv', cancelAfter?: number) {
  return importCsvText(core, text, { name, cancelAfter, batchRows: BATCH_ROWS });
}

function stored(fields: Partial<Contact> & { id: string }): Contact {
  return { ...emptyContactFields(), serverId: null, createdAt: 1, lastActivityAt: null, updatedAt: 1, version: null, base: null, ...fields };
}

describe('import writes, report and undo', () => {
  it('Chatwoot’s sample: 25 contacts, one holds the shared phone; undo removes them all', async () => {
    const core = testCore();
    const { batch, importId } = await importText(core, sampleCsv, 'sample.csv');
    expect(batch.counts).toMatchObject({ rows: 25, created: 25, warned: 22, failed: 0 });
    const contacts = await core.db.contacts.toArray();
    expect(contacts.filter((c) => c.phone === '+15417543011')).toHaveLength(1);
    expect((await outboxRows(core)).length).toBe(25);
    expect(core.events.flatMap((e) => (e.entity === 'contact' ? e.put : []))).toHaveLength(25);
    const problems = await importProblems(core.db, importId);
    expect(problems).toHaveLength(22);
    expect(problems[0]).toMatchObject({ line: 5, severity: 'warning', cells: ['4', 'Sibel Stennine', 'sstennine3@yellowbook.com', 'd6e35a2d-d093-4437-a577-7df76316b937', '+15417543011', '115.249.27.155', 'Random-value2', 'Random-value2'] });

    expect(await undoImport(core, importId)).toMatchObject({ deleted: 25, restored: 0, kept: 0 });
    expect(await core.db.contacts.count()).toBe(0);
    // The creates never reached a server: their pending outbox rows go, no deletes are queued.
    expect((await outboxRows(core)).length).toBe(0);
    expect(core.events.at(-1)).toMatchObject({ entity: 'contact', put: [], origin: 'import' });
    expect((await listImports(core.db)).map((b) => b.state)).toEqual(['undone']);
    // The error report outlives the undo; undoing again changes nothing.
    expect(await importProblems(core.db, importId)).toHaveLength(22);
    expect(await undoImport(core, importId)).toMatchObject({ deleted: 0, restored: 0, kept: 0 });
  });

  it('each batch writes one packed outbox row; undo unpacks them itself and drops the pending creates', async () => {
    const core = testCore();
    const rows = Array.from({ length: BATCH_ROWS + 5 }, (_, i) => `Person ${i},p${i}@x.es`).join('\n');
    const { importId } = await importText(core, `name,email\n${rows}\n`);
    const raw = await core.db.outbox.toArray();
    expect(raw.map((row) => row.entity)).toEqual(['contactBulk', 'contactBulk']);
    expect(await undoImport(core, importId)).toMatchObject({ deleted: BATCH_ROWS + 5, restored: 0, kept: 0 });
    expect(await core.db.outbox.count()).toBe(0);
  });

  it('queues deletes on undo for created contacts whose create was already sent', async () => {
    const core = testCore();
    const { importId } = await importText(core, 'name,email\nAna,ana@x.es\n');
    await outboxRows(core);
    await core.db.outbox.toCollection().modify({ state: 'in-flight' });
    await undoImport(core, importId);
    expect((await outboxRows(core)).map((row) => row.op)).toEqual(['create', 'delete']);
  });

  it('updates existing contacts with outbox diffs, and undo restores them exactly', async () => {
    const core = testCore();
    const ana = stored({ id: 'ana', serverId: 7, version: 3, name: 'Ana', email: 'ana@x.es', city: 'Madrid', labels: ['vip'] });
    await core.db.contacts.put(ana);
    const { batch, importId } = await importText(core, 'correo,ciudad,etiquetas\nANA@x.es,Sevilla,lead\nana@x.es,,extra\n');
    expect(batch.counts).toMatchObject({ updated: 2, created: 0 });
    expect(await core.db.contacts.get('ana')).toMatchObject({ city: 'Sevilla', labels: ['vip', 'lead', 'extra'], serverId: 7 });
    expect(await outboxRows(core)).toMatchObject([
      { op: 'update', changes: { city: 'Sevilla', labels: ['vip', 'lead', 'extra'] }, baseValues: { city: 'Madrid', labels: ['vip'] } },
    ]);
    expect(await undoImport(core, importId)).toMatchObject({ deleted: 0, restored: 1, kept: 0 });
    expect({ ...(await core.db.contacts.get('ana')), updatedAt: 1 }).toEqual(ana);
    expect((await outboxRows(core)).at(-1)).toMatchObject({ op: 'update', changes: { city: 'Madrid', labels: ['vip'] } });
  });

  it('a row that changes nothing counts as updated but writes no outbox row', async () => {
    const core = testCore();
    await core.db.contacts.put(stored({ id: 'ana', name: 'Ana', email: 'ana@x.es' }));
    await importText(core, 'name,email\nAna,ana@x.es\n');
    expect((await outboxRows(core)).length).toBe(0);
  });

  it('merges rows of the file into the contact an earlier batch created', async () => {
    const core = testCore();
    const filler = Array.from({ length: BATCH_ROWS }, (_, i) => `P${i},p${i}@x.es,`).join('\n');
    const { batch } = await importText(core, `name,email,labels\nAna,ana@x.es,vip\n${filler}\n,ANA@x.es,lead\n`);
    expect(batch.counts).toMatchObject({ created: BATCH_ROWS + 1, merged: 1 });
    expect((await core.db.contacts.toArray()).find((c) => c.email === 'ana@x.es')?.labels).toEqual(['vip', 'lead']);
    // A merge into the import's own contact is not a prior state to restore.
    const segments = await core.db.importBatches.toArray();
    expect(segments.flatMap((s) => s.priorStates)).toEqual([]);
  });

  it('cancel between batches leaves whole batches and counts of exactly them', async () => {
    const core = testCore();
    const rows = Array.from({ length: BATCH_ROWS * 2 + 10 }, (_, i) => `Person ${i},p${i}@x.es`).join('\n');
    const { batch } = await importText(core, `name,email\n${rows}\n`, 'x.csv', 1);
    expect(batch.state).toBe('cancelled');
    expect(batch.counts.created).toBe(BATCH_ROWS);
    expect(await core.db.contacts.count()).toBe(BATCH_ROWS);
    expect((await outboxRows(core)).length).toBe(BATCH_ROWS);
  });

  it('a batch whose transaction fails leaves nothing of it', async () => {
    const core = testCore();
    const importId = core.newId();
    await beginImport(core, { id: importId, fileName: 'x.csv', header: ['name'], encoding: 'utf-8', delimiter: ',' });
    const fields = { ...emptyContactFields(), name: 'Y' };
    // A value IndexedDB cannot store (a function cannot be cloned): its put fails, and the batch's
    // transaction with it.
    const unstorable = { ...fields, customAttributes: { broken: (() => 1) as unknown as string } };
    await expect(
      writeImportBatch(
        core,
        importId,
        1,
        [
          { line: 2, cells: [], plan: { kind: 'create', id: 'fresh', fields, warnings: [] } },
          { line: 3, cells: [], plan: { kind: 'create', id: 'unstorable', fields: unstorable, warnings: [] } },
        ],
        new Set(),
        new Set(),
      ),
    ).rejects.toThrow();
    expect(await core.db.contacts.get('fresh')).toBeUndefined();
    expect((await outboxRows(core)).length).toBe(0);
    expect((await core.db.importBatches.get(importId))?.counts.created).toBe(0);
    expect(core.events).toEqual([]);
  });

  it('an update whose contact was deleted meanwhile fails that row only', async () => {
    const core = testCore();
    const importId = core.newId();
    await beginImport(core, { id: importId, fileName: 'x.csv', header: ['email'], encoding: 'utf-8', delimiter: ',' });
    const outcome = await writeImportBatch(
      core,
      importId,
      1,
      [{ line: 2, cells: ['gone@x.es'], plan: { kind: 'update', id: 'gone', patch: { city: 'X' }, existing: true, warnings: [] } }],
      new Set(),
      new Set(),
    );
    expect(outcome).toMatchObject({ failed: 1, updated: 0 });
    expect(await importProblems(core.db, importId)).toMatchObject([{ messages: [{ code: 'contact-gone' }] }]);
  });

  it('lists imports newest first, without their segments', async () => {
    const core = testCore();
    await importText(core, 'name\nA\n', 'first.csv');
    await importText(core, 'name\nB\n', 'second.csv');
    expect((await listImports(core.db)).map((b) => b.fileName)).toEqual(['second.csv', 'first.csv']);
  });
});

/** Each contact's outbox rows folded the way sync sends them (shared/sync/outbox.ts), by email. */
async function pushPlan(core: ImportCore, emailOf: ReadonlyMap<string, string | null>) {
  const groups = new Map<string, OutboxEntry[]>();
  for (const row of await outboxRows(core)) groups.set(row.entityId, [...(groups.get(row.entityId) ?? []), row]);
  return [...groups].map(([id, rows]) => [emailOf.get(id), coalesceOutbox(rows).map(({ seqs: _s, ...op }) => op)]);
}

describe('an import batch’s creates are held by contact id until expanded', () => {
  /** An import core and the app's repository on one database (the worker and the window). */
  function app() {
    const core = testCore();
    const repository = createRepository(core.db, { channelName: null, ...deterministicOptions() });
    return { core, repository };
  }
  const csv = 'name,email,ciudad\nAna,ana@x.es,Madrid\nBea,bea@x.es,\nCarla,carla@x.es,Lima\nDora,dora@x.es,\n';

  async function imported(core: ImportCore) {
    const contacts = await core.db.contacts.toArray();
    const byEmail = new Map(contacts.map((c) => [c.email, c]));
    return { byEmail, emailOf: new Map(contacts.map((c) => [c.id, c.email])) };
  }

  it('the packed row holds ids, not the contacts’ fields; sync reads a create per contact before expansion', async () => {
    const core = testCore();
    await importText(core, csv);
    const [row] = await core.db.outbox.toArray();
    expect(isPackedRow(row)).toBe(true);
    const { byEmail } = await imported(core);
    expect((row as unknown as { entries: unknown[] }).entries).toEqual(['ana', 'bea', 'carla', 'dora'].map((n) => byEmail.get(`${n}@x.es`)!.id));
    expect(await pendingBulkEntriesOf(core.db, byEmail.get('carla@x.es')!.id)).toEqual([
      expect.objectContaining({ entity: 'contact', op: 'create', state: 'pending', seq: row!.seq + 3, changes: {} }),
    ]);
  });

  it('after an edit: the create carries the fields as they are at expansion, and sync sends one create with the latest values', async () => {
    const { core, repository } = app();
    await importText(core, csv);
    const { byEmail, emailOf } = await imported(core);
    const ana = byEmail.get('ana@x.es')!;
    await repository.contacts.update(ana.id, { city: 'Quito', labels: ['vip'] });
    const rows = await outboxRows(core);
    expect(rows.map((r) => [emailOf.get(r.entityId), r.op])).toEqual([
      ['ana@x.es', 'create'],
      ['bea@x.es', 'create'],
      ['carla@x.es', 'create'],
      ['dora@x.es', 'create'],
      ['ana@x.es', 'update'],
    ]);
    expect(rows[0]!.changes).toEqual({ ...contactFieldsOf((await core.db.contacts.get(ana.id))!) });
    expect(rows[0]!.changes).toMatchObject({ name: 'Ana', city: 'Quito', labels: ['vip'] });
    expect(rows[2]!.changes).toMatchObject({ name: 'Carla', city: 'Lima' });
    const plan = await pushPlan(core, emailOf);
    expect(plan[0]).toEqual(['ana@x.es', [{ op: 'create', fields: expect.objectContaining({ name: 'Ana', city: 'Quito', labels: ['vip'] }) }]]);
    repository.close();
  });

  it('after a delete or a merge: no create for the contact gone, its delete row addresses no server copy', async () => {
    const { core, repository } = app();
    await importText(core, csv);
    const { byEmail, emailOf } = await imported(core);
    const [bea, carla, dora] = ['bea', 'carla', 'dora'].map((n) => byEmail.get(`${n}@x.es`)!);
    await repository.contacts.remove(bea!.id);
    await repository.contacts.merge(carla!.id, dora!.id, { ...contactFieldsOf(carla!), phone: '+34600000001' });
    const plan = await pushPlan(core, emailOf);
    expect(plan).toEqual([
      ['ana@x.es', [{ op: 'create', fields: expect.objectContaining({ name: 'Ana' }) }]],
      ['carla@x.es', [{ op: 'create', fields: expect.objectContaining({ name: 'Carla', phone: '+34600000001' }) }]],
      ['bea@x.es', [{ op: 'delete', baseValues: expect.objectContaining({ serverId: null }) }]],
      ['dora@x.es', [{ op: 'delete', baseValues: expect.objectContaining({ serverId: null }) }]],
    ]);
    repository.close();
  });

  it('a delete cleared before expansion (a run that pushed it first) leaves no create to resurrect the contact', async () => {
    const { core, repository } = app();
    await importText(core, csv);
    const { byEmail, emailOf } = await imported(core);
    await repository.contacts.remove(byEmail.get('bea@x.es')!.id);
    // What the engine does with a delete that has no server id (engine.ts pushOp): ack it, send nothing.
    const [remove] = await core.db.outbox.where('entityId').equals(byEmail.get('bea@x.es')!.id).toArray();
    expect(remove).toMatchObject({ op: 'delete', baseValues: { serverId: null } });
    await repository.sync.ackRows([remove!.seq]);
    expect((await pushPlan(core, emailOf)).map(([email]) => email)).toEqual(['ana@x.es', 'carla@x.es', 'dora@x.es']);
    repository.close();
  });

  it('undo of a delete after expansion left its create out: the contact is queued as a new one again, once', async () => {
    const { core, repository } = app();
    await importText(core, csv);
    const { byEmail, emailOf } = await imported(core);
    const bea = byEmail.get('bea@x.es')!;
    await repository.contacts.remove(bea.id);
    await expandBulkOutbox(core.db);
    // Undo of the delete (the 10-second "Undo"): the pending delete goes, and since the expansion
    // dropped the create of the contact that was gone, a create must be queued again.
    await repository.contacts.restore([bea]);
    expect(await pushPlan(core, emailOf)).toEqual([
      ['ana@x.es', [{ op: 'create', fields: expect.objectContaining({ name: 'Ana' }) }]],
      ['carla@x.es', [{ op: 'create', fields: expect.objectContaining({ name: 'Carla' }) }]],
      ['dora@x.es', [{ op: 'create', fields: expect.objectContaining({ name: 'Dora' }) }]],
      ['bea@x.es', [{ op: 'create', fields: expect.objectContaining({ name: 'Bea', email: 'bea@x.es' }) }]],
    ]);
    // Before expansion the packed create still stands: the restore adds none of its own.
    const other = app();
    await importText(other.core, csv);
    const dora = (await imported(other.core)).byEmail.get('dora@x.es')!;
    await other.repository.contacts.remove(dora.id);
    await other.repository.contacts.restore([dora]);
    const plan = await pushPlan(other.core, (await imported(other.core)).emailOf);
    expect(plan.filter(([email]) => email === 'dora@x.es')).toEqual([['dora@x.es', [{ op: 'create', fields: expect.objectContaining({ name: 'Dora' }) }]]]);
    repository.close();
    other.repository.close();
  });

  it('undo that removes changed contacts too, after an edit, drops the packed creates and the edit’s row: nothing is left to send', async () => {
    const { core, repository } = app();
    const { importId } = await importText(core, csv);
    const { byEmail } = await imported(core);
    await repository.contacts.update(byEmail.get('bea@x.es')!.id, { city: 'Cusco' });
    expect(await undoImport(core, importId, { removeChanged: true })).toMatchObject({ deleted: 4, restored: 0, kept: 0 });
    expect(await core.db.contacts.count()).toBe(0);
    expect(await core.db.outbox.count()).toBe(0);
    repository.close();
  });

  it('an import that updates stored contacts keeps their whole entries beside the ids', async () => {
    const core = testCore();
    await core.db.contacts.put(stored({ id: 'ana', name: 'Ana', email: 'ana@x.es', city: 'Madrid' }));
    await importText(core, 'name,email,ciudad\nAna,ana@x.es,Sevilla\nBea,bea@x.es,Lima\n');
    const [row] = await core.db.outbox.toArray();
    const entries = (row as unknown as { entries: unknown[] }).entries;
    const bea = (await core.db.contacts.filter((c) => c.email === 'bea@x.es').first())!;
    expect(entries).toEqual([bea.id, expect.objectContaining({ entityId: 'ana', op: 'update', changes: { city: 'Sevilla' }, baseValues: { city: 'Madrid' } })]);
    expect((await outboxRows(core)).map((r) => [r.entityId, r.op, r.changes])).toEqual([
      [bea.id, 'create', { ...contactFieldsOf(bea) }],
      ['ana', 'update', { city: 'Sevilla' }],
    ]);
  });
});

describe('imported creates against the real server (sync engine)', () => {
  const servers = serversForTheseTests();

  it('each imported contact is created once with its latest fields; one deleted or merged away is never sent; the outbox empties', async () => {
    const account = await servers.newAccount();
    const sent: SyncRequest[] = [];
    const remote = fetchTransportFor(servers.url, account.accountId, account.token);
    const transport: SyncTransport = {
      request: (request) => {
        sent.push(request);
        return remote.request(request);
      },
    };
    const client = createTestClient(transport);
    const core: ImportCore = { ...createRepositoryCore(client.db, () => undefined, deterministicOptions()), db: client.db };
    await importText(core, 'name,email,ciudad\nAna,ana@x.es,Madrid\nBea,bea@x.es,\nCarla,carla@x.es,Lima\nDora,dora@x.es,\n');
    const byEmail = new Map((await client.db.contacts.toArray()).map((c) => [c.email, c]));
    await client.repository.contacts.update(byEmail.get('ana@x.es')!.id, { city: 'Quito' });
    await client.repository.contacts.remove(byEmail.get('bea@x.es')!.id);
    const carla = byEmail.get('carla@x.es')!;
    await client.repository.contacts.merge(carla.id, byEmail.get('dora@x.es')!.id, { ...contactFieldsOf(carla), city: 'Cusco' });
    expect(await client.db.outbox.where('entityId').equals(BULK_OUTBOX_ENTITY_ID).count()).toBe(1);

    expect((await client.engine.syncNow()).ok).toBe(true);
    expect(await client.db.outbox.count()).toBe(0);
    expect(sent.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(sent.filter((r) => r.method === 'POST' && r.path === 'contacts').map((r) => (r.body as { name: string }).name).sort()).toEqual(['Ana', 'Carla']);
    const listed = await remote.request({ method: 'GET', path: 'contacts', query: { page: 1, include_contact_inboxes: 'false' } });
    const payload = (listed.body as { payload: { name: string; additional_attributes: { city?: string } }[] }).payload;
    expect(payload.map((c) => [c.name, c.additional_attributes.city]).sort()).toEqual([
      ['Ana', 'Quito'],
      ['Carla', 'Cusco'],
    ]);
    const local = await client.db.contacts.toArray();
    expect(local.map((c) => c.serverId === null)).toEqual([false, false]);
    client.close();
  });
});

describe('undo asks first: contacts changed since the import are kept unless asked, and Restore brings the removed back', () => {
  const csv = 'name,email\nAna,ana@x.es\nBea,bea@x.es\nCarla,carla@x.es\nDora,dora@x.es\nEva,eva@x.es\nFlor,flor@x.es\n';
  /** The worker's core and the window's repository on one database; the window writes later than the import. */
  function app() {
    const core = testCore();
    const repository = createRepository(core.db, { channelName: null, ...deterministicOptions(1_800_000_000_000) });
    return { core, repository };
  }
  async function byName(core: ImportCore) {
    return new Map((await core.db.contacts.toArray()).map((c) => [c.name, c]));
  }
  /** Edited (Bea), noted (Carla), merged into with no field changing (Dora, Eva merged away), messaged (Flor). */
  async function changeSome(core: ImportCore, repository: ReturnType<typeof createRepository>) {
    const people = await byName(core);
    await repository.contacts.update(people.get('Bea')!.id, { city: 'Cusco' });
    await repository.notes.create({ contactId: people.get('Carla')!.id, bodySlate: [], bodyMarkdown: 'Called', author: { name: 'You' } });
    await repository.contacts.merge(people.get('Dora')!.id, people.get('Eva')!.id, contactFieldsOf(people.get('Dora')!));
    await repository.messages.send(people.get('Flor')!.id, { inboxId: 1, content: 'Hola', subject: '', cc: [], bcc: [], template: null });
    return people;
  }

  it('plans the undo: what the import created, and which of those were changed since and how', async () => {
    const { core, repository } = app();
    const { importId } = await importText(core, csv);
    await changeSome(core, repository);
    const plan = await planImportUndo(core.db, importId);
    expect(plan).toEqual({
      created: 5,
      updated: 0,
      changedCreated: 4,
      changed: [
        { id: expect.any(String), name: 'Bea', reasons: ['edited'] },
        { id: expect.any(String), name: 'Carla', reasons: ['notes'] },
        { id: expect.any(String), name: 'Dora', reasons: ['edited'] },
        { id: expect.any(String), name: 'Flor', reasons: ['messages'] },
      ],
    });
    repository.close();
  });

  it('by default removes only the untouched contacts, and writes nothing for the kept ones: no delete reaches the server', async () => {
    const { core, repository } = app();
    const { importId } = await importText(core, csv);
    const people = await changeSome(core, repository);
    const keptIds = ['Bea', 'Carla', 'Dora', 'Flor'].map((name) => people.get(name)!.id);
    const keptBefore = await core.db.contacts.bulkGet(keptIds);
    const outcome = await undoImport(core, importId);
    expect(outcome).toMatchObject({ deleted: 1, kept: 4, restored: 0 });
    expect(outcome.removed.map((c) => c.name)).toEqual(['Ana']);
    expect(await core.db.contacts.bulkGet(keptIds)).toEqual(keptBefore);
    const rows = await outboxRows(core);
    expect(rows.filter((row) => row.entity === 'contact' && row.op === 'delete')).toEqual([
      expect.objectContaining({ entityId: people.get('Eva')!.id }), // the merge's own delete, from before the undo
    ]);
    // Ana's create never left: it is dropped rather than answered with a delete.
    expect(rows.some((row) => row.entityId === people.get('Ana')!.id)).toBe(false);
    repository.close();
  });

  it('counts a bulk label change not yet folded into the rows as an edit since the import', async () => {
    const { core } = app();
    const { importId } = await importText(core, csv);
    const bea = (await byName(core)).get('Bea')!;
    // A label op another connection committed and has not folded yet (label-ops.ts): Bea's row is stale.
    await addLabelOp(core.db, { ids: [bea.id], change: { kind: 'labels', add: ['vip'], remove: [] }, at: 1_900_000_000_000, createdAt: 1_900_000_000_000 });
    expect(await planImportUndo(core.db, importId)).toMatchObject({ changedCreated: 1, changed: [{ name: 'Bea', reasons: ['edited'] }] });
  });

  it('removes the changed contacts too when asked', async () => {
    const { core, repository } = app();
    const { importId } = await importText(core, csv);
    await changeSome(core, repository);
    expect(await undoImport(core, importId, { removeChanged: true })).toMatchObject({ deleted: 5, kept: 0 });
    expect(await core.db.contacts.count()).toBe(0);
    repository.close();
  });

  it('keeps a contact the import updated and the user edited since, instead of reverting the edit', async () => {
    const { core, repository } = app();
    await core.db.contacts.put(stored({ id: 'ana', serverId: 7, version: 3, name: 'Ana', email: 'ana@x.es', city: 'Madrid' }));
    const { importId } = await importText(core, 'email,city\nana@x.es,Sevilla\n');
    await repository.contacts.update('ana', { company: 'Acme' });
    expect(await planImportUndo(core.db, importId)).toMatchObject({ created: 0, updated: 1, changedCreated: 0, changed: [{ id: 'ana', reasons: ['edited'] }] });
    expect(await undoImport(core, importId)).toMatchObject({ restored: 0, kept: 1 });
    expect(await core.db.contacts.get('ana')).toMatchObject({ city: 'Sevilla', company: 'Acme' });
    repository.close();
  });

  it('Restore puts back contacts whose creates never left, and queues their creates again', async () => {
    const { core, repository } = app();
    const { importId } = await importText(core, csv);
    const outcome = await undoImport(core, importId);
    expect(await core.db.contacts.count()).toBe(0);
    await repository.contacts.restore(outcome.removed);
    expect((await core.db.contacts.toArray()).map((c) => c.name).sort()).toEqual(['Ana', 'Bea', 'Carla', 'Dora', 'Eva', 'Flor']);
    const rows = await outboxRows(core);
    expect(rows.map((row) => row.op)).toEqual(Array(6).fill('create'));
    expect((await reopenImport(core.db, importId))?.state).toBe('finished');
    // Restored contacts are the import's again: a second undo removes them (their creates still unsent).
    expect(await undoImport(core, importId)).toMatchObject({ deleted: 6, kept: 0 });
    expect(await core.db.outbox.count()).toBe(0);
    repository.close();
  });

  it('Restore of contacts the server had cancels the pending deletes: nothing is sent for them', async () => {
    const { core, repository } = app();
    const { importId } = await importText(core, 'name,email\nAna,ana@x.es\nBea,bea@x.es\n');
    // Sent and acknowledged before the undo: the contacts have server ids and no outbox rows.
    await expandBulkOutbox(core.db);
    await core.db.outbox.clear();
    let serverId = 100;
    await core.db.contacts.toCollection().modify((c) => {
      c.serverId = serverId++;
    });
    const outcome = await undoImport(core, importId);
    expect((await outboxRows(core)).map((row) => row.op)).toEqual(['delete', 'delete']);
    await repository.contacts.restore(outcome.removed);
    expect(await core.db.outbox.count()).toBe(0);
    expect((await core.db.contacts.toArray()).map((c) => c.serverId).sort()).toEqual([100, 101]);
    repository.close();
  });
});
