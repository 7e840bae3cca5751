import { readFile, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ConnectionStore, StoredConnection } from '../shared/sync/sync-host';

/**
 * Where main keeps the sync server connection: a JSON file in the profile with the origin, the
 * account and the token encrypted by Electron's `safeStorage` (DPAPI, Keychain, libsecret/kwallet).
 * The token is decrypted only here, to sign requests; it never crosses to the renderer. When the OS
 * offers no encryption the connection is refused rather than kept in clear text.
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

export function createFileConnectionStore(path: string, cipher: TokenCipher): ConnectionStore {
  let cached: StoredConnection | null | undefined;
  return {
    async load() {
      if (cached !== undefined) return cached;
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
      if (!cipher.isEncryptionAvailable()) throw new EncryptionUnavailableError('The system cannot encrypt the token');
      const token = cipher.encryptString(connection.token).toString('base64');
      await writeFile(path, JSON.stringify({ origin: connection.origin, accountId: connection.accountId, token }), { mode: 0o600 });
      cached = connection;
    },
    async clear() {
      await rm(path, { force: true });
      cached = null;
    },
  };
}
