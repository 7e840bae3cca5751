import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { z } from 'zod';
import type { ContactLinkEvent } from '../shared/deep-link';
import type { HostApi, MenuCommand, OpenedFile } from '../shared/host';
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

/** Listens on one event channel; only payloads that pass its schema reach the listener, never the event. */
function subscribe<T>(channel: string, schema: z.ZodType<T>, listener: (payload: T) => void): () => void {
  const receive = (_event: IpcRendererEvent, payload: unknown): void => {
    const parsed = schema.safeParse(payload);
    if (parsed.success) listener(parsed.data);
  };
  ipcRenderer.on(channel, receive);
  return () => {
    ipcRenderer.removeListener(channel, receive);
  };
}

const wintook = {
  getInfo: () => invoke('getInfo'),
  openExternal: (url: string) => invoke('openExternal', url),
  getServerConnection: () => invoke('getServerConnection'),
  testServerConnection: (input: unknown) => invoke('testServerConnection', input),
  connectServer: (input: unknown) => invoke('connectServer', input),
  disconnectServer: () => invoke('disconnectServer'),
  syncRequest: (request: unknown) => invoke('syncRequest', request),
  pickCsvFile: () => invoke('pickCsvFile'),
  saveCsvFile: (request: unknown) => invoke('saveCsvFile', request),
  reportError: (report: unknown) => invoke('reportError', report),
  onMenuCommand: (listener: (command: MenuCommand) => void) =>
    subscribe(ipcEvents.menuCommand.channel, ipcEvents.menuCommand.payload, listener),
  onOpenFile: (listener: (file: OpenedFile) => void) => {
    const unsubscribe = subscribe(ipcEvents.openFile.channel, ipcEvents.openFile.payload, listener);
    // Main holds files opened before anyone listened; now they can come.
    void invoke('openFileReady');
    return unsubscribe;
  },
  onOpenContact: (listener: (link: ContactLinkEvent) => void) => {
    const unsubscribe = subscribe(ipcEvents.openContact.channel, ipcEvents.openContact.payload, listener);
    // Main holds links that came before anyone listened (the launch's own link); now they can come.
    void invoke('openContactReady');
    return unsubscribe;
  },
} satisfies HostApi;

contextBridge.exposeInMainWorld('wintook', wintook);
