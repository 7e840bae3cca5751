import { describe, expect, it, vi } from 'vitest';
import { hostInfoSchema } from '../../../shared/host';
import { createWebHost, platformFromNavigator, type WebHostEnvironment } from './web';

function environment(
  navigatorLike: WebHostEnvironment['navigator'] = { platform: 'Linux x86_64', language: 'es-ES' },
) {
  const open = vi.fn<WebHostEnvironment['open']>(() => null);
  return { open, value: { navigator: navigatorLike, open } satisfies WebHostEnvironment };
}

describe('platformFromNavigator', () => {
  it.each([
    [{ userAgentData: { platform: 'macOS' } }, 'mac'],
    [{ userAgentData: { platform: 'Windows' } }, 'windows'],
    [{ userAgentData: { platform: 'Linux' } }, 'linux'],
    [{ userAgentData: { platform: 'Android' }, platform: 'Linux armv8l' }, 'other'],
    [{ userAgentData: { platform: 'Chrome OS' } }, 'other'],
    [{ userAgentData: { platform: '' }, platform: 'MacIntel' }, 'mac'],
    [{ platform: 'Win32' }, 'windows'],
    [{ platform: 'Linux x86_64' }, 'linux'],
    [{ platform: 'Linux; Android 14' }, 'other'],
    [{}, 'other'],
  ] as const)('%j → %s', (navigatorLike, platform) => {
    expect(platformFromNavigator(navigatorLike)).toBe(platform);
  });
});

describe('createWebHost', () => {
  it('describes the browser', async () => {
    const result = await createWebHost(environment().value).getInfo();
    expect(result.ok).toBe(true);
    const info = result.ok ? result.value : null;
    expect(hostInfoSchema.parse(info)).toMatchObject({ kind: 'web', platform: 'linux', locale: 'es-ES' });
  });

  it('falls back to en-US when the browser reports no language', async () => {
    const result = await createWebHost(environment({ platform: 'Win32', language: '' }).value).getInfo();
    expect(result.ok && result.value.locale).toBe('en-US');
  });

  it('opens web links in a new tab without opener or referrer', async () => {
    const { open, value } = environment();
    expect(await createWebHost(value).openExternal('HTTPS://Example.com/a')).toEqual({
      ok: true,
      value: undefined,
    });
    expect(open).toHaveBeenCalledWith('https://example.com/a', '_blank', 'noopener,noreferrer');
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    '//evil.example',
    'https://u:p@example.com',
    ' https://example.com',
  ])('refuses %s without opening anything', async (url) => {
    const { open, value } = environment();
    const result = await createWebHost(value).openExternal(url);
    expect(!result.ok && result.error.code).toBe('not-allowed');
    expect(open).not.toHaveBeenCalled();
  });

  it('has no menu: subscribing returns a callable unsubscribe and never calls back', () => {
    const listener = vi.fn();
    const unsubscribe = createWebHost(environment().value).onMenuCommand(listener);
    expect(() => unsubscribe()).not.toThrow();
    expect(listener).not.toHaveBeenCalled();
  });
});
