import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/host';
import { SHORTCUTS, toAccelerator } from '../shared/shortcuts';

/**
 * The native menu as data. Only types come from `electron`, so the template is unit-tested
 * (menu-template.test.ts); menu.ts turns it into a Menu.
 *
 * Accelerators come from the SHORTCUTS table and are shown but not registered
 * (`registerAccelerator: false`): the renderer handles its keys itself — in the web host too — and
 * a registered accelerator would fire twice or steal `/` and `?` from text fields.
 */

const LABELS = {
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    developer: 'Developer',
    settings: 'Settings…',
    newContact: 'New Contact',
    importCsv: 'Import…',
    exportCsv: 'Export…',
    csvFiles: 'CSV, TSV and text files',
    quit: 'Quit',
    close: 'Close Window',
    about: 'About {app}',
    services: 'Services',
    hide: 'Hide {app}',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    find: 'Find',
    reload: 'Reload',
    forceReload: 'Force Reload',
    toggleDevTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Toggle Full Screen',
    minimize: 'Minimize',
    shortcuts: 'Keyboard Shortcuts',
    seed10k: 'Fill with 10,000 demo contacts',
    seed100k: 'Fill with 100,000 demo contacts',
    checkForUpdates: 'Check for Updates…',
    showLogs: 'Show Logs Folder',
  },
  es: {
    file: 'Archivo',
    edit: 'Edición',
    view: 'Ver',
    window: 'Ventana',
    help: 'Ayuda',
    developer: 'Desarrollo',
    settings: 'Ajustes…',
    newContact: 'Nuevo contacto',
    importCsv: 'Importar…',
    exportCsv: 'Exportar…',
    csvFiles: 'Archivos CSV, TSV y de texto',
    quit: 'Salir',
    close: 'Cerrar ventana',
    about: 'Acerca de {app}',
    services: 'Servicios',
    hide: 'Ocultar {app}',
    hideOthers: 'Ocultar otros',
    unhide: 'Mostrar todo',
    undo: 'Deshacer',
    redo: 'Rehacer',
    cut: 'Cortar',
    copy: 'Copiar',
    paste: 'Pegar',
    selectAll: 'Seleccionar todo',
    find: 'Buscar',
    reload: 'Recargar',
    forceReload: 'Forzar recarga',
    toggleDevTools: 'Herramientas de desarrollo',
    resetZoom: 'Tamaño real',
    zoomIn: 'Ampliar',
    zoomOut: 'Reducir',
    fullScreen: 'Pantalla completa',
    minimize: 'Minimizar',
    shortcuts: 'Atajos de teclado',
    seed10k: 'Rellenar con 10.000 contactos de demostración',
    seed100k: 'Rellenar con 100.000 contactos de demostración',
    checkForUpdates: 'Buscar actualizaciones…',
    showLogs: 'Mostrar carpeta de registros',
  },
} as const satisfies Record<string, Record<string, string>>;

export type MenuLanguage = keyof typeof LABELS;
export type MenuLabels = (typeof LABELS)[MenuLanguage];

/** Spanish for any Spanish locale (`es`, `es-ES`, `es-419`…), English otherwise. */
export function menuLanguage(locale: string): MenuLanguage {
  return /^es(?:[-_]|$)/i.test(locale) ? 'es' : 'en';
}

export function menuLabels(locale: string): MenuLabels {
  return LABELS[menuLanguage(locale)];
}

/** The accelerator shown for a menu command: its first shortcut with a modifier, else its first. */
export function acceleratorFor(command: MenuCommand): string | undefined {
  const shortcut = SHORTCUTS.find(
    (candidate) => 'menuCommand' in candidate && candidate.menuCommand === command,
  );
  if (!shortcut) return undefined;
  const keys: readonly string[] = shortcut.keys;
  const chosen = keys.find((combination) => combination.includes('$mod+')) ?? keys[0];
  return chosen === undefined ? undefined : toAccelerator(chosen);
}

export interface MenuOptions {
  /** `process.platform`. */
  platform: string;
  /** `app.getLocale()`. */
  locale: string;
  appName: string;
  /** Reload and developer tools are offered only in development builds. */
  isPackaged: boolean;
  /** The "Developer" menu (demo data): unpackaged builds, or WINTOOK_DEV=1. */
  developerMenu: boolean;
  /** Delivers a command to the renderer. */
  send: (command: MenuCommand) => void;
  /** "Check for Updates…" (main's updater); null where updates are off (unpackaged runs, WINTOOK_UPDATES=off). */
  checkForUpdates: (() => void) | null;
  /** "Help → Show Logs Folder": main's log file and crash reports, for a bug report. */
  showLogsFolder: () => void;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const labels = menuLabels(options.locale);
  const isMac = options.platform === 'darwin';
  const withApp = (label: string): string => label.replace('{app}', options.appName);

  const command = (label: string, menuCommand: MenuCommand): MenuItemConstructorOptions => {
    const accelerator = acceleratorFor(menuCommand);
    return {
      label,
      id: menuCommand,
      ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
      click: () => options.send(menuCommand),
    };
  };

  const settings = command(labels.settings, 'open-settings');
  const { checkForUpdates } = options;
  const updates: MenuItemConstructorOptions[] = checkForUpdates
    ? [{ label: labels.checkForUpdates, id: 'check-for-updates', click: () => checkForUpdates() }]
    : [];
  const fileCommands: MenuItemConstructorOptions[] = [
    command(labels.newContact, 'new-contact'),
    { type: 'separator' },
    command(labels.importCsv, 'import-csv'),
    command(labels.exportCsv, 'export-csv'),
  ];
  const template: MenuItemConstructorOptions[] = [];

  if (isMac) {
    template.push({
      label: options.appName,
      submenu: [
        { role: 'about', label: withApp(labels.about) },
        ...updates,
        { type: 'separator' },
        settings,
        { type: 'separator' },
        { role: 'services', label: labels.services },
        { type: 'separator' },
        { role: 'hide', label: withApp(labels.hide) },
        { role: 'hideOthers', label: labels.hideOthers },
        { role: 'unhide', label: labels.unhide },
        { type: 'separator' },
        { role: 'quit', label: labels.quit },
      ],
    });
    template.push({
      label: labels.file,
      submenu: [...fileCommands, { type: 'separator' }, { role: 'close', label: labels.close }],
    });
  } else {
    template.push({
      label: labels.file,
      submenu: [
        ...fileCommands,
        { type: 'separator' },
        settings,
        { type: 'separator' },
        { role: 'quit', label: labels.quit },
      ],
    });
  }

  template.push({
    label: labels.edit,
    submenu: [
      { role: 'undo', label: labels.undo },
      { role: 'redo', label: labels.redo },
      { type: 'separator' },
      { role: 'cut', label: labels.cut },
      { role: 'copy', label: labels.copy },
      { role: 'paste', label: labels.paste },
      { role: 'selectAll', label: labels.selectAll },
    ],
  });

  const developmentView: MenuItemConstructorOptions[] = options.isPackaged
    ? []
    : [
        { role: 'reload', label: labels.reload },
        { role: 'forceReload', label: labels.forceReload },
        { role: 'toggleDevTools', label: labels.toggleDevTools },
        { type: 'separator' },
      ];
  template.push({
    label: labels.view,
    submenu: [
      command(labels.find, 'focus-search'),
      { type: 'separator' },
      ...developmentView,
      { role: 'resetZoom', label: labels.resetZoom },
      { role: 'zoomIn', label: labels.zoomIn },
      { role: 'zoomOut', label: labels.zoomOut },
      { type: 'separator' },
      { role: 'togglefullscreen', label: labels.fullScreen },
    ],
  });

  if (isMac) {
    template.push({
      label: labels.window,
      role: 'window',
      submenu: [
        { role: 'minimize', label: labels.minimize },
        { role: 'close', label: labels.close },
      ],
    });
  }

  if (options.developerMenu) {
    template.push({
      label: labels.developer,
      submenu: [command(labels.seed10k, 'seed-demo-10k'), command(labels.seed100k, 'seed-demo-100k')],
    });
  }

  template.push({
    label: labels.help,
    role: 'help',
    submenu: [
      command(labels.shortcuts, 'show-shortcuts'),
      { type: 'separator' },
      // On macOS it sits in the app menu, after About, where Mac apps keep it.
      ...(isMac || updates.length === 0 ? [] : [...updates, { type: 'separator' as const }]),
      { label: labels.showLogs, id: 'show-logs-folder', click: () => options.showLogsFolder() },
    ],
  });
  return template;
}
