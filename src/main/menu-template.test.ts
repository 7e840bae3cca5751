import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../shared/host';
import { acceleratorFor, buildMenuTemplate, menuLanguage, type MenuOptions } from './menu-template';

function build(overrides: Partial<MenuOptions> = {}) {
  const send = vi.fn<(command: MenuCommand) => void>();
  const template = buildMenuTemplate({
    platform: 'linux',
    locale: 'en-US',
    appName: 'Wintook Contacts',
    isPackaged: true,
    developerMenu: false,
    send,
    checkForUpdates: null,
    showLogsFolder: vi.fn(),
    ...overrides,
  });
  return { template, send };
}

function allItems(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? allItems(item.submenu) : [])]);
}

function topLabels(template: readonly MenuItemConstructorOptions[]): (string | undefined)[] {
  return template.map((item) => item.label);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  expect(item?.click).toBeTypeOf('function');
  (item!.click as () => void)();
}

describe('menuLanguage', () => {
  it.each([
    ['es', 'es'],
    ['es-ES', 'es'],
    ['es-419', 'es'],
    ['es_MX', 'es'],
    ['en-US', 'en'],
    ['fr-FR', 'en'],
    ['estonian', 'en'],
    ['', 'en'],
  ])('%s → %s', (locale, language) => {
    expect(menuLanguage(locale)).toBe(language);
  });
});

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help in a packaged build, without developer items', () => {
    const { template } = build();
    expect(topLabels(template)).toEqual(['File', 'Edit', 'View', 'Help']);
    const roles = allItems(template).map((item) => item.role);
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).toContain('quit');
    expect(roles).toEqual(
      expect.arrayContaining([
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'togglefullscreen',
        'zoomIn',
      ]),
    );
  });

  it('offers reload and developer tools only when not packaged, and the Developer menu only when asked', () => {
    const { template } = build({ isPackaged: false, developerMenu: true });
    expect(topLabels(template)).toEqual(['File', 'Edit', 'View', 'Developer', 'Help']);
    const roles = allItems(template).map((item) => item.role);
    expect(roles).toContain('reload');
    expect(roles).toContain('toggleDevTools');
    expect(topLabels(build({ isPackaged: true, developerMenu: true }).template)).toContain('Developer');
    expect(topLabels(build({ isPackaged: false, developerMenu: false }).template)).not.toContain('Developer');
  });

  it('sends each command to the renderer when its item is clicked', () => {
    const { template, send } = build({ developerMenu: true });
    for (const menuCommand of MENU_COMMANDS) {
      const item = allItems(template).find((candidate) => candidate.id === menuCommand);
      click(item);
      expect(send).toHaveBeenLastCalledWith(menuCommand);
    }
    expect(send).toHaveBeenCalledTimes(MENU_COMMANDS.length);
  });

  it('offers Import… and Export… in the File menu, Import with $mod+I', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      const { template } = build({ platform });
      const file = template.find((item) => item.label === 'File');
      const ids = allItems(file ? [file] : []).map((item) => item.id);
      expect(ids).toEqual(expect.arrayContaining(['new-contact', 'import-csv', 'export-csv']));
    }
    const items = allItems(build().template);
    expect(items.find((item) => item.id === 'import-csv')).toMatchObject({ label: 'Import…', accelerator: 'CmdOrCtrl+I' });
    expect(items.find((item) => item.id === 'export-csv')?.label).toBe('Export…');
    const spanish = allItems(build({ locale: 'es' }).template);
    expect(spanish.find((item) => item.id === 'import-csv')?.label).toBe('Importar…');
    expect(spanish.find((item) => item.id === 'export-csv')?.label).toBe('Exportar…');
  });

  it('labels the demo items in English', () => {
    const items = allItems(build({ developerMenu: true }).template);
    expect(items.find((item) => item.id === 'seed-demo-10k')?.label).toBe('Fill with 10,000 demo contacts');
    expect(items.find((item) => item.id === 'seed-demo-100k')?.label).toBe('Fill with 100,000 demo contacts');
  });

  it('shows accelerators from the shortcuts table without registering them', () => {
    const items = allItems(build({ developerMenu: true }).template);
    const find = items.find((item) => item.id === 'focus-search');
    expect(find?.accelerator).toBe('CmdOrCtrl+F');
    expect(items.find((item) => item.id === 'open-settings')?.accelerator).toBe('CmdOrCtrl+,');
    expect(items.find((item) => item.id === 'show-shortcuts')?.accelerator).toBe('?');
    for (const item of items.filter((candidate) => candidate.accelerator !== undefined)) {
      expect(item.registerAccelerator).toBe(false);
    }
    expect(acceleratorFor('seed-demo-10k')).toBeUndefined();
  });

  it('speaks Spanish for a Spanish locale', () => {
    const { template } = build({ locale: 'es-ES', developerMenu: true });
    expect(topLabels(template)).toEqual(['Archivo', 'Edición', 'Ver', 'Desarrollo', 'Ayuda']);
    const items = allItems(template);
    expect(items.find((item) => item.id === 'open-settings')?.label).toBe('Ajustes…');
    expect(items.find((item) => item.id === 'seed-demo-10k')?.label).toBe(
      'Rellenar con 10.000 contactos de demostración',
    );
    expect(items.find((item) => item.role === 'quit')?.label).toBe('Salir');
  });

  it('follows macOS conventions: an app menu with Settings and Quit, and a Window menu', () => {
    const { template, send } = build({ platform: 'darwin' });
    expect(topLabels(template)).toEqual(['Wintook Contacts', 'File', 'Edit', 'View', 'Window', 'Help']);
    const appMenu = allItems([template[0]!]);
    expect(appMenu.map((item) => item.role)).toContain('quit');
    expect(appMenu.find((item) => item.role === 'about')?.label).toBe('About Wintook Contacts');
    click(appMenu.find((item) => item.id === 'open-settings'));
    expect(send).toHaveBeenCalledWith('open-settings');
  });

  it('offers "Check for Updates…" in Help on Windows and Linux, and only where updates are on', () => {
    const checkForUpdates = vi.fn();
    const { template } = build({ platform: 'win32', checkForUpdates });
    const help = template.at(-1)!;
    const helpItems = allItems([help]);
    expect(helpItems.map((item) => item.id).filter(Boolean)).toEqual(['show-shortcuts', 'check-for-updates', 'show-logs-folder']);
    click(helpItems.find((item) => item.id === 'check-for-updates'));
    expect(checkForUpdates).toHaveBeenCalledOnce();
    expect(allItems(build({ platform: 'win32', checkForUpdates: null }).template).some((item) => item.id === 'check-for-updates')).toBe(false);
  });

  it('offers "Check for Updates…" in the macOS app menu, after About', () => {
    const { template } = build({ platform: 'darwin', locale: 'es', checkForUpdates: vi.fn() });
    const appMenu = template[0]!.submenu as MenuItemConstructorOptions[];
    expect(appMenu[1]).toMatchObject({ id: 'check-for-updates', label: 'Buscar actualizaciones…' });
    expect(allItems([template.at(-1)!]).some((item) => item.id === 'check-for-updates')).toBe(false);
  });

  it('shows the logs folder from Help on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const showLogsFolder = vi.fn();
      const { template } = build({ platform, showLogsFolder });
      const help = template.at(-1)!;
      expect(help.role).toBe('help');
      click(allItems([help]).find((item) => item.id === 'show-logs-folder'));
      expect(showLogsFolder).toHaveBeenCalledOnce();
    }
  });
});
