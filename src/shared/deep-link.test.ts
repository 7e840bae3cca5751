import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contactLinkEventSchema,
  contactLinkSchema,
  contactLinksFromArgv,
  MAX_LINKS_PER_LAUNCH,
  MAX_SERVER_CONTACT_ID,
  parseContactDeepLink,
  parseContactReference,
} from './deep-link';

const UUID = '0b7e3c1e-5a4f-4c2a-9d1e-2f3a4b5c6d7e';

describe('parseContactDeepLink', () => {
  it('accepts a link to a local contact by its UUID', () => {
    expect(parseContactDeepLink(`wintook://contact/${UUID}`)).toEqual({ kind: 'local', id: UUID });
  });

  it('accepts a link to a server contact by Chatwoot’s id', () => {
    expect(parseContactDeepLink('wintook://contact/42')).toEqual({ kind: 'server', serverId: 42 });
    expect(parseContactDeepLink(`wintook://contact/${MAX_SERVER_CONTACT_ID}`)).toEqual({
      kind: 'server',
      serverId: MAX_SERVER_CONTACT_ID,
    });
  });

  it('treats scheme and host case-insensitively and stores the UUID lower-case', () => {
    expect(parseContactDeepLink(`WINTOOK://Contact/${UUID.toUpperCase()}`)).toEqual({ kind: 'local', id: UUID });
  });

  it('tolerates the one trailing slash Windows adds', () => {
    expect(parseContactDeepLink('wintook://contact/7/')).toEqual({ kind: 'server', serverId: 7 });
  });

  it.each([
    ['another scheme', `https://contact/${UUID}`],
    ['a look-alike scheme', `wintook2://contact/${UUID}`],
    ['a scheme prefix', `xwintook://contact/${UUID}`],
    ['no slashes', `wintook:contact/${UUID}`],
    ['another host', `wintook://contacts/${UUID}`],
    ['another action', `wintook://delete/${UUID}`],
    ['credentials', `wintook://user:pw@contact/${UUID}`],
    ['a port', `wintook://contact:80/${UUID}`],
    ['a query', 'wintook://contact/42?x=1'],
    ['a fragment', 'wintook://contact/42#x'],
    ['an extra segment', 'wintook://contact/42/delete'],
    ['two trailing slashes', 'wintook://contact/42//'],
    ['a dot segment', 'wintook://contact/../42'],
    ['percent-encoding', 'wintook://contact/%34%32'],
    ['a backslash', 'wintook://contact\\42'],
    ['a zero id', 'wintook://contact/0'],
    ['leading zeros', 'wintook://contact/042'],
    ['a negative id', 'wintook://contact/-42'],
    ['a sign', 'wintook://contact/+42'],
    ['an exponent', 'wintook://contact/1e3'],
    ['a fraction', 'wintook://contact/4.2'],
    ['hexadecimal', 'wintook://contact/0x2a'],
    ['beyond a PostgreSQL integer', `wintook://contact/${MAX_SERVER_CONTACT_ID + 1}`],
    ['Arabic-Indic digits', 'wintook://contact/٤٢'],
    ['full-width digits', 'wintook://contact/４２'],
    ['a UUID without dashes', `wintook://contact/${UUID.replaceAll('-', '')}`],
    ['a UUID with braces', `wintook://contact/{${UUID}}`],
    ['a UUID too long', `wintook://contact/${UUID}0`],
    ['a non-hex UUID', `wintook://contact/${UUID.replace('0', 'g')}`],
    ['a script', 'wintook://contact/<script>alert(1)</script>'],
    ['a newline after the id', 'wintook://contact/42\n'],
    ['a newline before the id', 'wintook://contact/\n42'],
    ['a NUL', 'wintook://contact/42\0'],
    ['surrounding spaces', ' wintook://contact/42 '],
    ['a zero-width space', 'wintook://contact/4\u200b2'],
    ['a right-to-left override', 'wintook://contact/\u202e42'],
    ['__proto__', 'wintook://contact/__proto__'],
    ['an empty id', 'wintook://contact/'],
    ['nothing', ''],
  ])('refuses %s', (_name, link) => {
    expect(parseContactDeepLink(link)).toBeNull();
  });

  it('refuses what is not a string', () => {
    for (const value of [null, undefined, 42, {}, ['wintook://contact/42'], new String('wintook://contact/42')]) {
      expect(parseContactDeepLink(value)).toBeNull();
    }
  });

  it('refuses a very long link before matching it', () => {
    expect(parseContactDeepLink(`wintook://contact/${'1'.repeat(100_000)}`)).toBeNull();
  });

  it('returns only what the bridge schema accepts, and round-trips every valid id', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (tail) => {
        const link = parseContactDeepLink(`wintook://contact/${tail}`);
        if (link) expect(contactLinkSchema.parse(link)).toEqual(link);
      }),
    );
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: MAX_SERVER_CONTACT_ID }), (id, serverId) => {
        expect(parseContactDeepLink(`wintook://contact/${id}`)).toEqual({ kind: 'local', id: id.toLowerCase() });
        expect(parseContactDeepLink(`wintook://contact/${serverId}`)).toEqual({ kind: 'server', serverId });
      }),
    );
  });
});

describe('parseContactReference', () => {
  it('reads the bare id the web host gets as ?contact=', () => {
    expect(parseContactReference(UUID)).toEqual({ kind: 'local', id: UUID });
    expect(parseContactReference('9')).toEqual({ kind: 'server', serverId: 9 });
    expect(parseContactReference('9 ')).toBeNull();
    expect(parseContactReference(`wintook://contact/${UUID}`)).toBeNull();
    expect(parseContactReference(null)).toBeNull();
  });
});

describe('contactLinkEventSchema', () => {
  it('carries an invalid link without its text', () => {
    expect(contactLinkEventSchema.safeParse({ kind: 'invalid' }).success).toBe(true);
    expect(contactLinkEventSchema.safeParse({ kind: 'invalid', raw: 'wintook://x' }).success).toBe(false);
  });

  it('refuses a payload main did not make', () => {
    expect(contactLinkEventSchema.safeParse({ kind: 'local', id: 'x' }).success).toBe(false);
    expect(contactLinkEventSchema.safeParse({ kind: 'server', serverId: 0 }).success).toBe(false);
    expect(contactLinkEventSchema.safeParse({ kind: 'server', serverId: 1.5 }).success).toBe(false);
    expect(contactLinkEventSchema.safeParse({ kind: 'local', id: UUID, extra: true }).success).toBe(false);
  });
});

describe('contactLinksFromArgv', () => {
  it('finds the link among the arguments Windows and Linux pass to a second instance', () => {
    const argv = ['C:\\Wintook\\Wintook Contacts.exe', '--allow-file-access-from-files', 'wintook://contact/42/'];
    expect(contactLinksFromArgv(argv)).toEqual([{ kind: 'server', serverId: 42 }]);
  });

  it('skips files and options, and marks a wintook: link that names no contact as invalid', () => {
    expect(
      contactLinksFromArgv(['app', 'clientes.csv', '--demo=5', 'https://x.io', 'WINTOOK://contact/x', 'wintook://contact/5']),
    ).toEqual([{ kind: 'invalid' }, { kind: 'server', serverId: 5 }]);
  });

  it('finds the link after the -- the Windows installer puts before it, and refuses one with switches smuggled in', () => {
    expect(contactLinksFromArgv(['C:\\Wintook\\Wintook Contacts.exe', '--', 'wintook://contact/42/'])).toEqual([
      { kind: 'server', serverId: 42 },
    ]);
    expect(contactLinksFromArgv(['app.exe', '--', 'wintook://contact/42" --inspect=9229'])).toEqual([{ kind: 'invalid' }]);
  });

  it('keeps at most a few links from one launch', () => {
    const argv = Array.from({ length: 50 }, (_, index) => `wintook://contact/${index + 1}`);
    expect(contactLinksFromArgv(argv)).toHaveLength(MAX_LINKS_PER_LAUNCH);
  });
});
