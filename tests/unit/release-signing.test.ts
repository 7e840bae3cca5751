import { describe, expect, it } from 'vitest';
import { beforePack } from '../../build/before-pack.mjs';
import { signingPlan } from '../../build/signing.mjs';

/** build/signing.mjs: what a release build says and refuses, from the environment alone. */

const MAC_CERT = { CSC_LINK: '/secrets/developer-id.p12', CSC_KEY_PASSWORD: 'pw' };
const API_KEY = { APPLE_API_KEY: '/secrets/AuthKey.p8', APPLE_API_KEY_ID: 'ABC123', APPLE_API_ISSUER: 'issuer-uuid' };

describe('signingPlan', () => {
  it('skips macOS signing and notarisation with a line naming the variables when none are set', () => {
    const plan = signingPlan({ env: {}, platform: 'darwin' });
    expect(plan.problems).toEqual([]);
    expect(plan.lines).toEqual([
      expect.stringMatching(/^macOS signing: skipped — set CSC_LINK and CSC_KEY_PASSWORD/),
      expect.stringMatching(/^macOS notarisation: skipped — set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER/),
    ]);
  });

  it('signs and notarises a macOS build when the certificate and an API key are set', () => {
    const plan = signingPlan({ env: { ...MAC_CERT, ...API_KEY }, platform: 'darwin' });
    expect(plan.problems).toEqual([]);
    expect(plan.lines).toEqual([
      'macOS signing: with the Developer ID certificate in CSC_LINK',
      'macOS notarisation: with an App Store Connect API key, hardened runtime and build/entitlements.mac.plist',
    ]);
  });

  it('accepts an Apple ID or a keychain profile for notarisation', () => {
    const appleId = { APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T' };
    expect(signingPlan({ env: { ...MAC_CERT, ...appleId }, platform: 'darwin' }).lines[1]).toContain('with an Apple ID');
    const keychain = { APPLE_KEYCHAIN: 'login', APPLE_KEYCHAIN_PROFILE: 'notary' };
    expect(signingPlan({ env: { CSC_NAME: 'Wintook', ...keychain }, platform: 'darwin' }).lines[1]).toContain('a keychain profile');
  });

  it('stops a build whose credentials are half set, naming what is missing', () => {
    expect(signingPlan({ env: { ...MAC_CERT, APPLE_ID: 'a@b.c' }, platform: 'darwin' }).problems).toEqual([
      'notarisation with an Apple ID needs APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID too',
    ]);
    expect(signingPlan({ env: { CSC_LINK: '/x.p12' }, platform: 'darwin' }).problems).toEqual([
      'CSC_LINK is set but CSC_KEY_PASSWORD is not',
    ]);
    expect(signingPlan({ env: { WIN_CSC_LINK: '/x.pfx' }, platform: 'win32' }).problems).toEqual([
      'WIN_CSC_LINK is set but WIN_CSC_KEY_PASSWORD is not',
    ]);
    expect(signingPlan({ env: API_KEY, platform: 'darwin' }).problems).toEqual([
      'notarisation credentials are set but the app would not be signed (set CSC_LINK)',
    ]);
  });

  it('treats blank variables as unset', () => {
    expect(signingPlan({ env: { WIN_CSC_LINK: '  ', WIN_CSC_KEY_PASSWORD: '' }, platform: 'win32' }).lines).toEqual([
      expect.stringMatching(/^Windows signing: skipped/),
    ]);
  });

  it('signs Windows with WIN_CSC_LINK, or CSC_LINK when it is the only certificate', () => {
    expect(signingPlan({ env: { WIN_CSC_LINK: '/w.pfx', WIN_CSC_KEY_PASSWORD: 'pw' }, platform: 'win32' }).lines).toEqual([
      'Windows signing: with the Authenticode certificate in WIN_CSC_LINK',
    ]);
    expect(signingPlan({ env: MAC_CERT, platform: 'win32' }).lines).toEqual([
      'Windows signing: with the Authenticode certificate in CSC_LINK',
    ]);
  });

  it('refuses an unsigned release when signing is required', () => {
    const env = { WINTOOK_REQUIRE_SIGNING: '1' };
    expect(signingPlan({ env, platform: 'win32' }).problems).toEqual([expect.stringMatching(/^WINTOOK_REQUIRE_SIGNING=1, but Windows signing: skipped/)]);
    expect(signingPlan({ env: { ...env, ...MAC_CERT }, platform: 'darwin' }).problems).toEqual([
      expect.stringMatching(/^WINTOOK_REQUIRE_SIGNING=1, but macOS notarisation: skipped/),
    ]);
    expect(signingPlan({ env, platform: 'linux' }).problems).toEqual([]);
  });
});

describe('the beforePack hook', () => {
  it('passes a build with nothing to sign and stops a misconfigured one', async () => {
    const saved = { ...process.env };
    try {
      delete process.env.WIN_CSC_LINK;
      delete process.env.CSC_LINK;
      delete process.env.WINTOOK_REQUIRE_SIGNING;
      await expect(beforePack({ electronPlatformName: 'linux' })).resolves.toBeUndefined();
      process.env.WIN_CSC_LINK = '/w.pfx';
      delete process.env.WIN_CSC_KEY_PASSWORD;
      await expect(beforePack({ electronPlatformName: 'win32' })).rejects.toThrow('WIN_CSC_LINK is set but WIN_CSC_KEY_PASSWORD is not');
    } finally {
      process.env = saved;
    }
  });
});
