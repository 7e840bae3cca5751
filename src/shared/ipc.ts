import { z } from 'zod';
import { externalUrlSchema, hostInfoSchema, menuCommandSchema } from './host';

/**
 * IPC channel names and the schema of each request and response. Main parses every request with
 * these before acting; the preload parses what main sends back. One table, so a channel cannot be
 * added on one side only.
 */
export const ipcInvoke = {
  getInfo: { channel: 'host:get-info', request: z.tuple([]), response: hostInfoSchema },
  openExternal: { channel: 'host:open-external', request: z.tuple([externalUrlSchema]), response: z.void() },
} as const;

export type IpcInvokeName = keyof typeof ipcInvoke;

export const ipcEvents = {
  menuCommand: { channel: 'menu:command', payload: menuCommandSchema },
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
