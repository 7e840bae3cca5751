import { readFile, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ConnectionStore, StoredConnection } from '../shared/sync/sync-host';
import type { TokenStorage } from './server-consent';

/**
 * Where main keeps the sync server connection: a JSON file in the profile with the origin, the
 * account and the token encrypted by Electron's `safeStorage` (DPAPI, Keychain, libsecret/kwallet).
 * The token is decrypted only here, to sign requests; it never crosses to the renderer. When the OS
 * offers no real encryption (none, or Linux's `basic_text` fixed key: `tokenStorageFor`) the
 * connection is kept in memory for this session only, never written (issue 17).
 */

export interface TokenCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

const fileSchema = z.object({ origin: z.string(), accountId: z.number().int().positive(), token: z.string() });

export class EncryptionUnavailableError extends Error {
  override readonly name = 'EncryptionUnavailableError';
}

export function createFileConnectionStore(path: string, cipher: TokenCipher, storage: () => TokenStorage = () => 'encrypted'): ConnectionStore {
  let cached: StoredConnection | null | undefined;
  let sessionOnly = false;
  return {
    async load() {
      if (cached !== undefined) return cached;
      if (storage() === 'session-only') {
        // A file written under a key anyone can read (an older version on a keyring-less Linux) is
        // no safer than clear text: it goes, and the user signs in again.
        await rm(path, { force: true });
        cached = null;
        return cached;
      }
      try {
        const parsed = fileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
        cached = parsed.success && cipher.isEncryptionAvailable()
          ? { origin: parsed.data.origin, accountId: parsed.data.accountId, token: cipher.decryptString(Buffer.from(parsed.data.token, 'base64')) }
          : null;
      } catch {
        // Missing, unreadable or undecryptable (another OS user, a reset keyring): not connected.
        cached = null;
      }
      return cached;
    },
    async save(connection) {
      if (storage() === 'session-only') {
        await rm(path, { force: true });
        cached = connection;
        sessionOnly = true;
        return;
      }
      if (!cipher.isEncryptionAvailable()) throw new EncryptionUnavailableError('The system cannot encrypt the token');
      const token = cipher.encryptString(connection.token).toString('base64');
      await writeFile(path, JSON.stringify({ origin: connection.origin, accountId: connection.accountId, token }), { mode: 0o600 });
      cached = connection;
      sessionOnly = false;
    },
    async clear() {
      await rm(path, { force: true });
      cached = null;
      sessionOnly = false;
    },
    sessionOnly: () => sessionOnly && cached !== null && cached !== undefined,
  };
}

const trustedSchema = z.array(z.string().max(2048)).max(1000);
/** Origins kept at most: the newest agreed to; an old one is asked about again. */
export const MAX_TRUSTED_SERVERS = 20;

/**
 * The origins the user agreed to in main's dialog (the allow-list of `serverConsent`), in a JSON
 * file of the profile. Unreadable or malformed: empty (the user is asked again, nothing is lost).
 */
export function createTrustedServers(path: string): { load(): Promise<Set<string>>; add(origin: string): Promise<void> } {
  async function read(): Promise<string[]> {
    try {
      const parsed = trustedSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }
  return {
    async load() {
      return new Set(await read());
    },
    async add(origin) {
      const kept = (await read()).filter((known) => known !== origin);
      await writeFile(path, JSON.stringify([...kept, origin].slice(-MAX_TRUSTED_SERVERS)), { mode: 0o600 });
    },
  };
}
