import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileConnectionStore, EncryptionUnavailableError, type TokenCipher } from './sync-connection';

/** A stand-in for safeStorage: reversible, and visibly not the plain text. */
function fakeCipher(available = true): TokenCipher {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
    decryptString: (encrypted) => Buffer.from([...encrypted].map((b) => b ^ 0x5a)).toString(),
  };
}

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('main’s connection store', () => {
  it('keeps the token encrypted on disk and reads it back', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wintook-sync-'));
    const path = join(dir, 'sync-connection.json');
    const store = createFileConnectionStore(path, fakeCipher());
    await store.save({ origin: 'https://chat.example.com', accountId: 2, token: 'secret-token' });
    const onDisk = await readFile(path, 'utf8');
    expect(onDisk).not.toContain('secret-token');
    expect(await createFileConnectionStore(path, fakeCipher()).load()).toEqual({ origin: 'https://chat.example.com', accountId: 2, token: 'secret-token' });
    await store.clear();
    expect(await createFileConnectionStore(path, fakeCipher()).load()).toBeNull();
  });

  it('refuses to store without OS encryption, and treats a corrupt file as not connected', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wintook-sync-'));
    const path = join(dir, 'sync-connection.json');
    await expect(createFileConnectionStore(path, fakeCipher(false)).save({ origin: 'https://x.test', accountId: 1, token: 't' })).rejects.toBeInstanceOf(EncryptionUnavailableError);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, '{not json');
    expect(await createFileConnectionStore(path, fakeCipher()).load()).toBeNull();
    await writeFile(path, JSON.stringify({ origin: 'https://x.test', accountId: -1, token: 'x' }));
    expect(await createFileConnectionStore(path, fakeCipher()).load()).toBeNull();
  });
});
