import { z } from 'zod';
import { contactLinkEventSchema } from './deep-link';
import {
  externalUrlSchema,
  hostInfoSchema,
  menuCommandSchema,
  openedFileSchema,
  rendererErrorReportSchema,
  saveCsvRequestSchema,
  saveCsvResultSchema,
} from './host';
import {
  connectionTestSchema,
  serverConnectionInfoSchema,
  serverConnectionInputSchema,
  syncRequestSchema,
  syncResponseSchema,
} from './sync/connection';

/**
 * IPC channel names and the schema of each request and response. Main parses every request with
 * these before acting; the preload parses what main sends back. One table, so a channel cannot be
 * added on one side only.
 */
export const ipcInvoke = {
  getInfo: { channel: 'host:get-info', request: z.tuple([]), response: hostInfoSchema },
  openExternal: { channel: 'host:open-external', request: z.tuple([externalUrlSchema]), response: z.void() },
  getServerConnection: { channel: 'sync:get-connection', request: z.tuple([]), response: serverConnectionInfoSchema.nullable() },
  testServerConnection: { channel: 'sync:test-connection', request: z.tuple([serverConnectionInputSchema]), response: connectionTestSchema },
  connectServer: { channel: 'sync:connect', request: z.tuple([serverConnectionInputSchema]), response: connectionTestSchema },
  disconnectServer: { channel: 'sync:disconnect', request: z.tuple([]), response: z.void() },
  syncRequest: { channel: 'sync:request', request: z.tuple([syncRequestSchema]), response: syncResponseSchema },
  /** The renderer listens for opened files now: main sends what it held back (see `onOpenFile`). */
  openFileReady: { channel: 'host:open-file-ready', request: z.tuple([]), response: z.void() },
  pickCsvFile: { channel: 'host:pick-csv-file', request: z.tuple([]), response: openedFileSchema.nullable() },
  saveCsvFile: { channel: 'host:save-csv-file', request: z.tuple([saveCsvRequestSchema]), response: saveCsvResultSchema },
  /** The renderer listens for contact links now: main sends what it held back (see `onOpenContact`). */
  openContactReady: { channel: 'host:open-contact-ready', request: z.tuple([]), response: z.void() },
  reportError: { channel: 'host:report-error', request: z.tuple([rendererErrorReportSchema]), response: z.void() },
} as const;

export type IpcInvokeName = keyof typeof ipcInvoke;

export const ipcEvents = {
  menuCommand: { channel: 'menu:command', payload: menuCommandSchema },
  openFile: { channel: 'host:open-file', payload: openedFileSchema },
  openContact: { channel: 'host:open-contact', payload: contactLinkEventSchema },
} as const;

const hostErrorSchema = z.object({
  code: z.enum(['invalid-request', 'not-allowed', 'unavailable', 'internal']),
  message: z.string(),
});

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: hostErrorSchema }),
  ]);
}
