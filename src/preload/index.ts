import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { z } from 'zod';
import type { HostApi, MenuCommand } from '../shared/host';
import { ipcEvents, ipcInvoke, resultSchema, type IpcInvokeName } from '../shared/ipc';
import { fail, type Result } from '../shared/result';

/**
 * The bridge: exactly one object, `window.wintook`, with one method per HostApi operation.
 * ipcRenderer itself, a generic send/invoke, and IPC event objects never reach the page.
 * Replies from main are parsed too: the page only ever sees well-formed result envelopes.
 */

type ResponseOf<K extends IpcInvokeName> = z.infer<(typeof ipcInvoke)[K]['response']>;

async function invoke<K extends IpcInvokeName>(name: K, ...args: unknown[]): Promise<Result<ResponseOf<K>>> {
  const entry = ipcInvoke[name];
  let reply: unknown;
  try {
    reply = await ipcRenderer.invoke(entry.channel, ...args);
  } catch {
    // Only when main has no handler or died: handlers themselves never throw across IPC.
    return fail('unavailable', `The host did not answer ${name}.`);
  }
  const parsed = resultSchema(entry.response).safeParse(reply);
  if (!parsed.success) return fail('internal', `The host answered ${name} with an unexpected reply.`);
  return parsed.data as Result<ResponseOf<K>>;
}

const wintook = {
  getInfo: () => invoke('getInfo'),
  openExternal: (url: string) => invoke('openExternal', url),
  getServerConnection: () => invoke('getServerConnection'),
  testServerConnection: (input: unknown) => invoke('testServerConnection', input),
  connectServer: (input: unknown) => invoke('connectServer', input),
  disconnectServer: () => invoke('disconnectServer'),
  syncRequest: (request: unknown) => invoke('syncRequest', request),
  onMenuCommand: (listener: (command: MenuCommand) => void) => {
    const channel = ipcEvents.menuCommand.channel;
    const receive = (_event: IpcRendererEvent, payload: unknown): void => {
      const command = ipcEvents.menuCommand.payload.safeParse(payload);
      if (command.success) listener(command.data);
    };
    ipcRenderer.on(channel, receive);
    return () => {
      ipcRenderer.removeListener(channel, receive);
    };
  },
} satisfies HostApi;

contextBridge.exposeInMainWorld('wintook', wintook);
