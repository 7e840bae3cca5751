import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import { inspectFile, runImport, type ImportSettings } from '../../../../shared/csv';
import { generateContacts } from '../../../../shared/demo/contacts';
import { beginImport, finishImport, writeImportBatch } from '../store/import-repository';
import { createRepositoryCore } from '../store/repository';
import type { WintookDb } from '../store/schema';
import { deterministicOptions, freshDb } from '../../../../../tests/support/db';
import { readReply, readRequest, type PreviewRow, type WorkerReply } from './protocol';

const CSV = [
  'name,email,phone,labels,plan',
  'Ana García,ana@example.com,+34612345678,"vip, lead",pro',
  'Bad Email,not-an-email,,,',
  ',,,,',
  'Ana Again,ana@example.com,,madrid,',
].join('\n');

function refusalMessage(data: unknown): string {
  const read = readRequest(data);
  if (read.ok) throw new Error('accepted');
  expect(read.refusal).toMatchObject({ type: 'failed', code: 'internal' });
  return read.refusal.type === 'failed' ? String(read.refusal.params.message) : '';
}

describe('import worker requests', () => {
  const settings: ImportSettings = {
    encoding: 'utf-8',
    delimiter: ',',
    mapping: [{ kind: 'field', field: 'name' }, { kind: 'ignore' }, { kind: 'social', network: 'github' }, { kind: 'labels' }, { kind: 'attribute', key: 'plan', create: 'list' }],
    defaultCountry: 'ES',
    policy: 'update',
    attributeDefinitions: [{ key: 'plan', type: 'list', listValues: ['free', 'pro'] }],
  };
  const existing = [{ id: 'c1', name: 'Ana', email: 'ana@example.com', phone: null, identifier: null }];

  it('takes every request the window sends as it is', () => {
    const file = new Blob([CSV]);
    const requests = [
      { type: 'inspect', file, fileName: 'a.csv', attributes: [{ key: 'plan', type: 'list', listValues: ['pro'], displayName: 'Plan' }] },
      { type: 'inspect', file, fileName: 'a.csv', encoding: 'windows-1252', delimiter: ';', attributes: [] },
      { type: 'analyze', file, settings, existing },
      { type: 'import', file, fileName: 'a.csv', importId: 'i1', settings, existing },
      { type: 'undo', importId: 'i1', removeChanged: true },
      { type: 'cancel' },
    ];
    for (const request of requests) expect(readRequest(request)).toEqual({ ok: true, request });
  });

  it('refuses a message that is not one of them, answering with a failure that says where', () => {
    expect(refusalMessage(null)).toMatch(/^import worker: unexpected request/);
    expect(refusalMessage({ type: 'delete-everything' })).toMatch(/unexpected request at type/);
    expect(refusalMessage({ type: 'inspect', file: CSV, fileName: 'a.csv', attributes: [] })).toMatch(/ at file /);
    expect(refusalMessage({ type: 'inspect', file: new Blob([CSV]), fileName: 'a.csv', encoding: 'ebcdic', attributes: [] })).toMatch(/ at encoding /);
    expect(refusalMessage({ type: 'analyze', file: new Blob([CSV]), settings: { ...settings, policy: 'duplicate' }, existing })).toMatch(/ at settings\.policy /);
    expect(
      refusalMessage({ type: 'analyze', file: new Blob([CSV]), settings: { ...settings, mapping: [{ kind: 'field', field: 'password' }] }, existing }),
    ).toMatch(/ at settings\.mapping\.0\.field /);
    expect(refusalMessage({ type: 'undo', importId: 'i1', removeChanged: 'yes' })).toMatch(/ at removeChanged /);
  });
});

describe('import worker replies', () => {
  const dbs: WintookDb[] = [];
  afterEach(() => {
    while (dbs.length) dbs.pop()?.close();
  });

  it('takes what the pipeline and the repository really produce as it is', async () => {
    const file = new Blob([CSV]);
    const inspection = await inspectFile(file, 'a.csv');
    const settings: ImportSettings = { encoding: inspection.encoding, delimiter: inspection.delimiter, mapping: inspection.mapping, defaultCountry: 'ES', policy: 'update', attributeDefinitions: [] };
    const preview: PreviewRow[] = [];
    let ids = 0;
    const result = await runImport(file, settings, {
      existing: [],
      newId: () => `preview-${++ids}`,
      onRow: (row, plan) => preview.push({ line: row.line, cells: row.cells, plan }),
    });
    expect(new Set(preview.map((row) => row.plan.kind))).toEqual(new Set(['create', 'update', 'fail']));

    const db = freshDb();
    dbs.push(db);
    const core = { ...createRepositoryCore(db, () => undefined, deterministicOptions()), db };
    const [stored] = generateContacts(1);
    await beginImport(core, { id: 'i1', fileName: 'a.csv', header: inspection.header, encoding: settings.encoding, delimiter: settings.delimiter });
    await runImport(file, settings, { existing: [], newId: core.newId, commit: async (rows) => void (await writeImportBatch(core, 'i1', 1, rows, new Set(), new Set())) });
    const batch = await finishImport(core, 'i1', 'finished');
    expect(batch).toBeDefined();

    const replies: WorkerReply[] = [
      { type: 'inspected', inspection },
      { type: 'progress', progress: { rowsDone: 2, bytesDone: 80, totalBytes: 120 } },
      { type: 'analyzed', totals: result.totals, preview, problems: preview.filter((row) => row.plan.kind === 'fail'), header: result.header },
      { type: 'imported', batch: batch!, cancelled: false },
      { type: 'undone', batch: { ...batch!, priorStates: [stored!] }, deleted: 1, restored: 1, kept: 0, removed: [stored!], reverted: [{ id: 'c1', fields: { name: 'Ana' } }] },
      { type: 'undone', batch: undefined, deleted: 0, restored: 0, kept: 0, removed: [], reverted: [] },
      { type: 'undo-progress', done: 1, total: 2 },
      { type: 'failed', code: 'too-large', params: { size: 3 }, batch: batch! },
      { type: 'failed', code: 'internal', params: { message: 'boom' } },
    ];
    for (const reply of replies) expect(readReply(structuredClone(reply))).toEqual(reply);
  });

  it('turns a reply that does not parse into a failure, so the job ends instead of trusting it', () => {
    const notContact: Partial<Contact> = { ...emptyContactFields(), id: '', labels: [] };
    const bad = [
      undefined,
      { type: 'progress', progress: { rowsDone: 'many', bytesDone: 0, totalBytes: 0 } },
      { type: 'imported', batch: { id: 'i1' }, cancelled: false },
      { type: 'undone', batch: undefined, deleted: 0, restored: 0, kept: 0, removed: [notContact], reverted: [] },
      { type: 'failed', code: 'disk-on-fire', params: {} },
    ];
    for (const data of bad) {
      const reply = readReply(data);
      expect(reply).toMatchObject({ type: 'failed', code: 'internal' });
      expect(reply.type === 'failed' && String(reply.params.message)).toMatch(/^import worker: unexpected reply/);
    }
  });
});
