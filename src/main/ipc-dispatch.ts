import type { z } from 'zod';
import type { IpcInvokeName } from '../shared/ipc';
import { ipcInvoke } from '../shared/ipc';
import { fail, type Result } from '../shared/result';
import { isTrustedSender, urlForLog } from './policies';

/**
 * What main does with one IPC request, without Electron: check the sender, parse the arguments
 * with the channel's schema, run the handler, and turn every failure into a result envelope.
 * ipc.ts registers it on `ipcMain.handle` for every channel of `ipcInvoke`.
 */

type RequestOf<K extends IpcInvokeName> = z.infer<(typeof ipcInvoke)[K]['request']>;
type ResponseOf<K extends IpcInvokeName> = z.infer<(typeof ipcInvoke)[K]['response']>;

export type InvokeHandlers = {
  [K in IpcInvokeName]: (...args: RequestOf<K>) => Promise<Result<ResponseOf<K>>>;
};

export interface InvokeRequest {
  /** The sending frame's URL; null when it is not the main frame or is gone. */
  senderUrl: string | null;
  args: readonly unknown[];
}

export interface DispatchContext {
  appUrl: string;
  handlers: InvokeHandlers;
  log: { warn: (...parts: unknown[]) => void; error: (...parts: unknown[]) => void };
}

export async function dispatchInvoke(
  name: IpcInvokeName,
  request: InvokeRequest,
  context: DispatchContext,
): Promise<Result<unknown>> {
  const entry = ipcInvoke[name];
  if (!isTrustedSender(request.senderUrl, context.appUrl)) {
    context.log.warn(`Refused ${entry.channel} from an untrusted sender`, urlForLog(request.senderUrl));
    return fail('not-allowed', 'This sender may not call the host.');
  }
  const parsed = entry.request.safeParse(request.args);
  if (!parsed.success) {
    context.log.warn(`Invalid request on ${entry.channel}`, parsed.error.issues);
    return fail('invalid-request', `Invalid arguments for ${name}.`);
  }
  // The table guarantees handler and schema belong together; TypeScript cannot follow a
  // correlated union through an index, hence the one widening cast.
  const handler = context.handlers[name] as (...args: readonly unknown[]) => Promise<Result<unknown>>;
  try {
    return await handler(...(parsed.data as readonly unknown[]));
  } catch (error) {
    context.log.error(`Handler for ${entry.channel} failed`, error);
    return fail('internal', `The host could not complete ${name}.`);
  }
}
