import { z } from 'zod';
import type { Result } from './result';
import type {
  ConnectionTest,
  ServerConnectionInfo,
  ServerConnectionInput,
  SyncRequestPayload,
  SyncResponsePayload,
} from './sync/connection';

/**
 * The one bridge between the renderer and its host. Implemented by the Electron preload
 * (`window.wintook`, through IPC to main) and by the web host for plain browsers
 * (`src/renderer/src/host/web.ts`). Every method is one operation; nothing generic is exposed.
 */

export const MENU_COMMANDS = [
  'focus-search',
  'show-shortcuts',
  'open-settings',
  'new-contact',
  'seed-demo-10k',
  'seed-demo-100k',
] as const;
export const menuCommandSchema = z.enum(MENU_COMMANDS);
export type MenuCommand = z.infer<typeof menuCommandSchema>;

export const hostPlatformSchema = z.enum(['mac', 'windows', 'linux', 'other']);
export type HostPlatform = z.infer<typeof hostPlatformSchema>;

export const hostInfoSchema = z.object({
  kind: z.enum(['electron', 'web']),
  platform: hostPlatformSchema,
  /** BCP 47 tag of the operating system's (or browser's) preferred language. */
  locale: z.string().min(1).max(64),
  appVersion: z.string().max(64),
});
export type HostInfo = z.infer<typeof hostInfoSchema>;

/** URLs handed to the host to open; the host re-checks them against its policy. */
export const externalUrlSchema = z.string().min(1).max(4096);

export interface HostApi {
  getInfo(): Promise<Result<HostInfo>>;
  /** Opens an http(s) link in the user's browser, or a mailto: link in their mail app; anything else is refused with `not-allowed`. */
  openExternal(url: string): Promise<Result<void>>;
  /** Native menu items reach the renderer here; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** The connected sync server (Settings → "Server"), without its token; null when none. */
  getServerConnection(): Promise<Result<ServerConnectionInfo | null>>;
  /** "Test connection": says precisely what failed; stores nothing. */
  testServerConnection(input: ServerConnectionInput): Promise<Result<ConnectionTest>>;
  /** Tests and, when the test is `ok`, keeps the connection (in Electron the token is encrypted by main). */
  connectServer(input: ServerConnectionInput): Promise<Result<ConnectionTest>>;
  disconnectServer(): Promise<Result<void>>;
  /** One API request to the connected server, made by the host (only ever to the configured origin). */
  syncRequest(request: SyncRequestPayload): Promise<Result<SyncResponsePayload>>;
}

declare global {
  interface Window {
    /** Present only in Electron, exposed by the preload through contextBridge. */
    wintook?: HostApi;
  }
}
