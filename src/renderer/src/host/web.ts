import type { HostApi, HostInfo, HostPlatform } from '../../../shared/host';
import { fail, ok } from '../../../shared/result';
import { parseExternalUrl } from '../../../shared/url-policy';

/**
 * The HostApi for a plain browser, where there is no main process: the whole UI runs and is
 * tested this way (`npm run web`, Playwright in Chromium). There is no native menu, so menu
 * commands never arrive; every one of them also has a keyboard shortcut or a button.
 */

/** Set by scripts/web.mjs from package.json; builds without it report a placeholder. */
const APP_VERSION_FALLBACK = '0.0.0-web';

interface NavigatorWithClientHints {
  userAgentData?: { platform?: string };
  platform?: string;
}

/** `navigator.userAgentData.platform` ("macOS", "Windows", "Linux") or the older `navigator.platform`. */
export function platformFromNavigator(navigatorLike: NavigatorWithClientHints): HostPlatform {
  const name = (navigatorLike.userAgentData?.platform || navigatorLike.platform || '').toLowerCase();
  if (name.startsWith('mac') || name === 'iphone' || name === 'ipad') return 'mac';
  if (name.startsWith('win')) return 'windows';
  // Android and ChromeOS report Linux in navigator.platform; they are not desktop Linux.
  if (name.startsWith('linux') && !name.includes('android')) return 'linux';
  return 'other';
}

function appVersion(): string {
  const fromEnv: unknown = import.meta.env.VITE_APP_VERSION;
  return typeof fromEnv === 'string' && fromEnv.length > 0 && fromEnv.length <= 64
    ? fromEnv
    : APP_VERSION_FALLBACK;
}

export interface WebHostEnvironment {
  navigator: NavigatorWithClientHints & { language?: string };
  open: (url: string, target: string, features: string) => unknown;
}

export function createWebHost(
  environment: WebHostEnvironment = {
    navigator,
    open: (url, target, features) => window.open(url, target, features),
  },
): HostApi {
  return {
    getInfo: async () => {
      const info: HostInfo = {
        kind: 'web',
        platform: platformFromNavigator(environment.navigator),
        locale: environment.navigator.language || 'en-US',
        appVersion: appVersion(),
      };
      return ok(info);
    },
    openExternal: async (raw) => {
      const url = parseExternalUrl(raw);
      if (!url) return fail('not-allowed', 'Only http and https links can be opened.');
      // With `noopener` window.open returns null even on success, so there is nothing to check.
      environment.open(url.href, '_blank', 'noopener,noreferrer');
      return ok(undefined);
    },
    onMenuCommand: () => () => {},
  };
}
