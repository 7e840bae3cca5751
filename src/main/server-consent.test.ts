import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consentDialog, isLoopbackHost, serverConsent, tokenNotStoredDialog, tokenStorageFor } from './server-consent';

describe('which servers main contacts without asking (issue 17)', () => {
  it('asks about any origin the user has not agreed to, naming it', () => {
    expect(serverConsent('https://chat.example.com/app/accounts/1', new Set())).toEqual({ kind: 'ask', origin: 'https://chat.example.com', plainHttp: false });
    expect(serverConsent('http://10.0.0.5:8080', new Set())).toEqual({ kind: 'ask', origin: 'http://10.0.0.5:8080', plainHttp: true });
    expect(serverConsent('http://169.254.169.254/latest/meta-data', new Set())).toMatchObject({ kind: 'ask', plainHttp: true });
  });

  it('goes ahead for an origin agreed to before, matched exactly (scheme, host and port)', () => {
    const agreed = new Set(['https://chat.example.com']);
    expect(serverConsent('https://chat.example.com/x', agreed)).toEqual({ kind: 'allowed', origin: 'https://chat.example.com' });
    expect(serverConsent('http://chat.example.com', agreed).kind).toBe('ask');
    expect(serverConsent('https://chat.example.com:8443', agreed).kind).toBe('ask');
    expect(serverConsent('https://chat.example.com.evil.test', agreed).kind).toBe('ask');
    expect(serverConsent('https://user:pw@chat.example.com', agreed).kind).toBe('invalid');
  });

  it('refuses what is not an http(s) origin', () => {
    for (const raw of ['file:///etc/passwd', 'javascript:alert(1)', 'ftp://x.test', 'not a url', '']) expect(serverConsent(raw, new Set()).kind).toBe('invalid');
  });

  it('plain http is flagged unless it stays on this machine', () => {
    for (const host of ['localhost', 'api.localhost', '127.0.0.1', '127.1.2.3', '[::1]']) {
      expect(isLoopbackHost(new URL(`http://${host}`).hostname)).toBe(true);
      expect(serverConsent(`http://${host}:3000`, new Set())).toMatchObject({ kind: 'ask', plainHttp: false });
    }
    for (const host of ['localhost.evil.test', '128.0.0.1', '10.0.0.1', '[::2]', 'example.com', '0.0.0.0']) {
      expect(isLoopbackHost(new URL(`http://${host}`).hostname)).toBe(false);
    }
  });

  it('never lets an origin through that was not agreed to (property)', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.array(fc.webUrl().map((u) => new URL(u).origin), { maxLength: 3 }), (url, agreedList) => {
        const decision = serverConsent(url, new Set(agreedList));
        if (decision.kind === 'allowed') expect(agreedList).toContain(decision.origin);
      }),
      // fc.webUrl is slow to generate (~0.1 s a run under load); 60 runs cover the shapes.
      { numRuns: 60 },
    );
  });
});

describe('main’s dialog', () => {
  it('names the origin, and for plain http to another machine warns and defaults to Cancel', () => {
    const plain = consentDialog({ origin: 'http://10.0.0.5', plainHttp: true }, 'connect', 'en-US');
    expect(plain.message).toContain('http://10.0.0.5');
    expect(plain.detail).toMatch(/anyone on the network/);
    expect(plain.type).toBe('warning');
    expect(plain.buttons[plain.defaultId]).toBe('Cancel');
    expect(plain.buttons[plain.confirmId]).toBe('Connect anyway');
    const secure = consentDialog({ origin: 'https://chat.example.com', plainHttp: false }, 'test', 'en');
    expect(secure.buttons[secure.defaultId]).toBe('Test');
    expect(secure.cancelId).not.toBe(secure.confirmId);
  });

  it('speaks Spanish (tú) to a Spanish locale', () => {
    const dialog = consentDialog({ origin: 'https://chat.example.com', plainHttp: false }, 'connect', 'es-419');
    expect(dialog.message).toBe('¿Conectar Wintook Contacts al servidor https://chat.example.com?');
    expect(dialog.detail).toContain('escribiste tú');
    expect(tokenNotStoredDialog('es').message).toContain('cierres');
  });
});

describe('where the token may be kept', () => {
  it('on Linux only under a real keyring: basic_text and unknown keep it for the session', () => {
    expect(tokenStorageFor('linux', true, 'basic_text')).toBe('session-only');
    expect(tokenStorageFor('linux', true, 'unknown')).toBe('session-only');
    expect(tokenStorageFor('linux', true, null)).toBe('session-only');
    expect(tokenStorageFor('linux', true, 'gnome_libsecret')).toBe('encrypted');
    expect(tokenStorageFor('linux', true, 'kwallet6')).toBe('encrypted');
  });
  it('elsewhere when the OS encrypts; never when it cannot', () => {
    expect(tokenStorageFor('win32', true, null)).toBe('encrypted');
    expect(tokenStorageFor('darwin', true, null)).toBe('encrypted');
    expect(tokenStorageFor('darwin', false, null)).toBe('session-only');
    expect(tokenStorageFor('linux', false, 'gnome_libsecret')).toBe('session-only');
  });
});
