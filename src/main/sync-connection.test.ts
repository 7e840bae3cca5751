import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileConnectionStore, createTrustedServers, EncryptionUnavailableError, MAX_TRUSTED_SERVERS, type TokenCipher } from './sync-connection';

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

  it('without a real keyring keeps the token for the session only, writes nothing, and drops a weakly kept file (issue 17)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wintook-sync-'));
    const path = join(dir, 'sync-connection.json');
    await createFileConnectionStore(path, fakeCipher()).save({ origin: 'https://x.test', accountId: 1, token: 'old' });
    const store = createFileConnectionStore(path, fakeCipher(), () => 'session-only');
    expect(await store.load()).toBeNull();
    await expect(readFile(path, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    await store.save({ origin: 'https://x.test', accountId: 1, token: 'session-token' });
    expect(await store.load()).toEqual({ origin: 'https://x.test', accountId: 1, token: 'session-token' });
    expect(store.sessionOnly?.()).toBe(true);
    await expect(readFile(path, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    await store.clear();
    expect(store.sessionOnly?.()).toBe(false);
  });
});

describe('the servers the user agreed to', () => {
  it('remembers agreed origins, newest last, at most MAX_TRUSTED_SERVERS; a corrupt file is an empty list', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wintook-sync-'));
    const path = join(dir, 'trusted-servers.json');
    const trusted = createTrustedServers(path);
    expect(await trusted.load()).toEqual(new Set());
    for (let i = 0; i < MAX_TRUSTED_SERVERS + 2; i++) await trusted.add(`https://s${i}.test`);
    await trusted.add('https://s5.test');
    const kept = await createTrustedServers(path).load();
    expect(kept.size).toBe(MAX_TRUSTED_SERVERS);
    expect(kept.has('https://s0.test')).toBe(false);
    expect([...kept].at(-1)).toBe('https://s5.test');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, '{"constructor": 1}');
    expect(await createTrustedServers(path).load()).toEqual(new Set());
  });
});
