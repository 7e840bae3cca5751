import { existsSync, readFileSync } from 'node:fs';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder.yml as electron-builder reads it (its own loader and schema): packaging needs the
 * Electron binary and network and does not run here, so a wrong key or a missing resource would
 * otherwise surface only on a release machine.
 */

async function builderConfig() {
  return getConfig(process.cwd(), 'electron-builder.yml', null);
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema', async () => {
    await expect(validateConfiguration(await builderConfig(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('publishes a generic update feed whose URL is set at build time', async () => {
    const config = await builderConfig();
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.WINTOOK_UPDATE_URL}', channel: 'latest' });
  });

  it('registers the wintook: scheme the deep links use', async () => {
    const config = await builderConfig();
    expect(config.protocols).toEqual([{ name: 'Wintook Contacts link', schemes: ['wintook'] }]);
  });

  it('has the Windows installer register the scheme (electron-builder does not), the link after --, and remove it', async () => {
    const config = await builderConfig();
    expect(config.nsis?.include).toBe('build/installer.nsh');
    const script = readFileSync('build/installer.nsh', 'utf8');
    const macro = (name: string) => /!macro (\w+)([\s\S]*?)!macroend/g.exec(script.slice(script.indexOf(`!macro ${name}`)))?.[2] ?? '';
    const install = macro('customInstall');
    expect(script).toContain('!define WINTOOK_SCHEME "wintook"');
    expect(install).toContain('WriteRegStr SHCTX "Software\\Classes\\${WINTOOK_SCHEME}" "URL Protocol" ""');
    expect(install).toContain(
      `WriteRegStr SHCTX "Software\\Classes\\\${WINTOOK_SCHEME}\\shell\\open\\command" "" '"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}" -- "%1"'`,
    );
    expect(macro('customUnInstall')).toContain('DeleteRegKey SHCTX "Software\\Classes\\${WINTOOK_SCHEME}"');
  });

  it('signs macOS with the hardened runtime and entitlements, and runs the signing hook', async () => {
    const config = await builderConfig();
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    // electron-updater installs macOS updates from the zip; a dmg-only build could never update.
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.beforePack).toBe('build/before-pack.mjs');
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit, config.beforePack]) {
      expect(typeof file === 'string' && existsSync(file)).toBe(true);
    }
  });

  it('names an icon per platform that exists', async () => {
    const config = await builderConfig();
    expect([config.icon, config.mac?.icon, config.win?.icon, config.linux?.icon]).toEqual([
      'build/icon.png',
      'build/icon.icns',
      'build/icon.ico',
      'build/icon.png',
    ]);
    for (const icon of [config.mac?.icon, config.win?.icon]) expect(typeof icon === 'string' && existsSync(icon)).toBe(true);
  });
});
