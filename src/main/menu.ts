import { app, Menu, type BrowserWindow } from 'electron';
import { ipcEvents } from '../shared/ipc';
import type { MenuCommand } from '../shared/host';
import { createLogger } from './logger';
import { buildMenuTemplate, type MenuOptions } from './menu-template';

const log = createLogger('menu');

/** The Developer menu (demo data) shows in unpackaged builds, or in packaged ones with WINTOOK_DEV=1. */
export function wantsDeveloperMenu(): boolean {
  return !app.isPackaged || process.env.WINTOOK_DEV === '1';
}

/** What main itself does from the menu (the rest are commands delivered to the renderer). */
export type MainMenuActions = Pick<MenuOptions, 'checkForUpdates' | 'showLogsFolder'>;

/** Installs the application menu; its command items are delivered to the window's renderer. */
export function installApplicationMenu(getWindow: () => BrowserWindow | null, actions: MainMenuActions): void {
  const send = (command: MenuCommand): void => {
    const window = getWindow();
    if (!window || window.isDestroyed()) {
      log.warn(`Menu command ${command} with no window to receive it`);
      return;
    }
    window.webContents.send(ipcEvents.menuCommand.channel, command);
  };
  const template = buildMenuTemplate({
    platform: process.platform,
    locale: app.getLocale(),
    appName: app.getName(),
    isPackaged: app.isPackaged,
    developerMenu: wantsDeveloperMenu(),
    send,
    ...actions,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
