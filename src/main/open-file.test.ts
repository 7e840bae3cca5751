import fc from 'fast-check';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MAX_IMPORT_FILE_BYTES, openedFileSchema } from '../shared/host';
import { ipcEvents } from '../shared/ipc';
import {
  createOpenFileInbox,
  filePathsFromArgv,
  MAX_PENDING_FILES,
  readImportFile,
  type FileAccess,
} from './open-file';

const CWD = resolve('/home/agent/Downloads');

describe('filePathsFromArgv', () => {
  it('skips the executable and, under the electron binary, the app path', () => {
    expect(
      filePathsFromArgv({ argv: ['/usr/bin/electron', 'out/main/index.js', 'contacts.csv'], workingDirectory: CWD, defaultApp: true }),
    ).toEqual([resolve(CWD, 'contacts.csv')]);
    expect(
      filePathsFromArgv({ argv: ['/opt/Wintook/wintook-contacts', 'contacts.csv'], workingDirectory: CWD, defaultApp: false }),
    ).toEqual([resolve(CWD, 'contacts.csv')]);
    // Packaged: argv[1] is a file, not the app.
    expect(filePathsFromArgv({ argv: ['/opt/Wintook/wintook-contacts'], workingDirectory: CWD, defaultApp: false })).toEqual([]);
  });

  it("skips Electron's and Chromium's flags, --demo=N, and URLs", () => {
    const argv = [
      '/opt/Wintook/wintook-contacts',
      '--demo=1000',
      '--user-data-dir=/tmp/profile',
      '--no-sandbox',
      '--allow-file-access-from-files',
      '-psn_0_12345',
      'https://evil.example/x.csv',
      'wintook://open',
      '/data/export.tsv',
    ];
    expect(filePathsFromArgv({ argv, workingDirectory: CWD, defaultApp: false })).toEqual([resolve('/data/export.tsv')]);
  });

  it('treats everything after -- as a path, even names starting with a dash', () => {
    const argv = ['/opt/app', '--demo=5', '--', '-weird.csv', '--also.csv'];
    expect(filePathsFromArgv({ argv, workingDirectory: CWD, defaultApp: false })).toEqual([
      resolve(CWD, '-weird.csv'),
      resolve(CWD, '--also.csv'),
    ]);
  });

  it('keeps paths with spaces and accents whole, and drops empty or NUL-carrying arguments', () => {
    const argv = ['/opt/app', 'Clientes de España.csv', '', 'a\0b.csv'];
    expect(filePathsFromArgv({ argv, workingDirectory: CWD, defaultApp: false })).toEqual([resolve(CWD, 'Clientes de España.csv')]);
  });

  it('never returns an option or a relative path, whatever the arguments', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 8 }), fc.boolean(), (rest, defaultApp) => {
        const paths = filePathsFromArgv({ argv: ['/bin/app', ...rest], workingDirectory: CWD, defaultApp });
        for (const path of paths) {
          expect(path.startsWith('/')).toBe(true);
          expect(path.includes('\0')).toBe(false);
        }
        const expected = rest
          .slice(defaultApp ? 1 : 0)
          .filter((argument) => argument !== '' && !argument.startsWith('-') && !argument.includes('\0') && !/^[a-z][a-z0-9+.-]+:\/\//i.test(argument));
        if (!rest.slice(defaultApp ? 1 : 0).includes('--')) expect(paths).toHaveLength(expected.length);
      }),
    );
  });
});

function fakeFiles(files: Record<string, { size?: number; bytes?: Uint8Array<ArrayBuffer>; directory?: boolean }>) {
  const readFile = vi.fn<FileAccess['readFile']>(async (path) => {
    const file = files[path];
    if (!file?.bytes) throw new Error('ENOENT');
    return file.bytes;
  });
  const access: FileAccess = {
    stat: async (path) => {
      const file = files[path];
      if (!file) throw new Error('ENOENT');
      return { size: file.size ?? file.bytes?.byteLength ?? 0, isFile: () => !file.directory };
    },
    readFile,
  };
  return { access, readFile };
}

describe('readImportFile', () => {
  const bytes = new TextEncoder().encode('name,email\nAna,ana@example.com\n');

  it.each(['contacts.csv', 'EXPORT.TSV', 'notes.txt'])('reads %s', async (name) => {
    const { access } = fakeFiles({ [`/d/${name}`]: { bytes } });
    const opened = await readImportFile(`/d/${name}`, access);
    expect(opened).toEqual({ kind: 'file', name, bytes });
    expect(openedFileSchema.parse(opened)).toEqual(opened);
  });

  it.each(['report.xlsx', 'contacts.csv.exe', 'csv', 'archive.csv.zip', 'noextension'])(
    'refuses %s by its name without reading it',
    async (name) => {
      const { access, readFile } = fakeFiles({ [`/d/${name}`]: { bytes } });
      expect(await readImportFile(`/d/${name}`, access)).toEqual({ kind: 'refused', name, reason: 'not-csv', size: 0 });
      expect(readFile).not.toHaveBeenCalled();
    },
  );

  it('refuses a file over 512 MB without reading a byte, and says its size', async () => {
    const size = MAX_IMPORT_FILE_BYTES + 1;
    const { access, readFile } = fakeFiles({ '/d/huge.csv': { size, bytes } });
    const opened = await readImportFile('/d/huge.csv', access);
    expect(opened).toEqual({ kind: 'refused', name: 'huge.csv', reason: 'too-large', size });
    expect(readFile).not.toHaveBeenCalled();
    expect(openedFileSchema.parse(opened)).toEqual(opened);
  });

  it('accepts exactly 512 MB (the limit is inclusive)', async () => {
    const { access, readFile } = fakeFiles({ '/d/edge.csv': { size: MAX_IMPORT_FILE_BYTES, bytes } });
    expect((await readImportFile('/d/edge.csv', access)).kind).toBe('file');
    expect(readFile).toHaveBeenCalledOnce();
  });

  it('refuses a file that grew past the limit between the check and the read', async () => {
    const grown = { byteLength: MAX_IMPORT_FILE_BYTES + 10 } as Uint8Array<ArrayBuffer>;
    const { access } = fakeFiles({ '/d/growing.csv': { size: 10, bytes: grown } });
    expect(await readImportFile('/d/growing.csv', access)).toMatchObject({ kind: 'refused', reason: 'too-large' });
  });

  it('says read-failed for a missing file, a folder, or a read error', async () => {
    const { access } = fakeFiles({ '/d/folder.csv': { directory: true }, '/d/gone.csv': { size: 5 } });
    expect(await readImportFile('/d/missing.csv', access)).toMatchObject({ kind: 'refused', reason: 'read-failed' });
    expect(await readImportFile('/d/folder.csv', access)).toMatchObject({ kind: 'refused', reason: 'read-failed' });
    expect(await readImportFile('/d/gone.csv', access)).toMatchObject({ kind: 'refused', reason: 'read-failed', size: 5 });
  });

  it('shortens an overlong name from the front, keeping the extension the bridge checks', async () => {
    const name = `${'n'.repeat(300)}.csv`;
    const { access } = fakeFiles({ [`/d/${name}`]: { bytes } });
    const opened = await readImportFile(`/d/${name}`, access);
    expect(opened.name.length).toBe(255);
    expect(opened.name.endsWith('.csv')).toBe(true);
    expect(openedFileSchema.safeParse(opened).success).toBe(true);
  });
});

describe('createOpenFileInbox', () => {
  it('holds files until the renderer listens, then hands them over in order', () => {
    const deliver = vi.fn<(path: string) => void>();
    const inbox = createOpenFileInbox(deliver);
    inbox.add('/a.csv');
    inbox.add('/b.csv');
    expect(deliver).not.toHaveBeenCalled();
    expect(inbox.pending).toBe(2);
    inbox.setReady(true);
    expect(deliver.mock.calls).toEqual([['/a.csv'], ['/b.csv']]);
    expect(inbox.pending).toBe(0);
    inbox.add('/c.csv');
    expect(deliver).toHaveBeenLastCalledWith('/c.csv');
  });

  it('holds again while the page reloads', () => {
    const deliver = vi.fn<(path: string) => void>();
    const inbox = createOpenFileInbox(deliver);
    inbox.setReady(true);
    inbox.setReady(false);
    inbox.add('/during-reload.csv');
    expect(deliver).not.toHaveBeenCalled();
    inbox.setReady(true);
    expect(deliver).toHaveBeenCalledExactlyOnceWith('/during-reload.csv');
  });

  it('keeps at most MAX_PENDING_FILES, the first ones', () => {
    const deliver = vi.fn<(path: string) => void>();
    const inbox = createOpenFileInbox(deliver);
    for (let i = 0; i < MAX_PENDING_FILES + 5; i++) inbox.add(`/${i}.csv`);
    expect(inbox.pending).toBe(MAX_PENDING_FILES);
    inbox.setReady(true);
    expect(deliver).toHaveBeenCalledTimes(MAX_PENDING_FILES);
    expect(deliver).toHaveBeenNthCalledWith(1, '/0.csv');
  });
});

describe('the open-file event payload', () => {
  it('refuses what the bridge must not pass on', () => {
    const payload = ipcEvents.openFile.payload;
    expect(payload.safeParse({ kind: 'file', name: 'x.exe', bytes: new Uint8Array(1) }).success).toBe(false);
    expect(payload.safeParse({ kind: 'file', name: 'x.csv', bytes: 'text' }).success).toBe(false);
    expect(payload.safeParse({ kind: 'file', name: 'x.csv', bytes: [1, 2] }).success).toBe(false);
    expect(payload.safeParse({ kind: 'refused', name: 'x.csv', reason: 'because', size: 0 }).success).toBe(false);
    expect(payload.safeParse({ kind: 'file', name: '', bytes: new Uint8Array(1) }).success).toBe(false);
    expect(payload.safeParse({ kind: 'file', name: 'x.csv', bytes: new Uint8Array(1) }).success).toBe(true);
  });
});
