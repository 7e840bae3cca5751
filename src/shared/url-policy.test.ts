import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EXTERNAL_URL_LENGTH, parseExternalUrl, parseNoteLinkUrl } from './url-policy';

describe('parseExternalUrl', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['http://example.com/path?q=1#frag', 'http://example.com/path?q=1#frag'],
    ['HTTPS://EXAMPLE.COM/Path', 'https://example.com/Path'],
    ['https://example.com:8443/x', 'https://example.com:8443/x'],
    ['https://[::1]:8080/', 'https://[::1]:8080/'],
    ['https://example.com/ñandú', 'https://example.com/%C3%B1and%C3%BA'],
  ])('accepts %s as %s', (raw, href) => {
    expect(parseExternalUrl(raw)?.href).toBe(href);
  });

  it('accepts IDN hosts and returns them in punycode', () => {
    const url = parseExternalUrl('https://bücher.de/');
    expect(url?.hostname).toBe('xn--bcher-kva.de');
    expect(url?.href).toBe('https://xn--bcher-kva.de/');
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['mixed-case javascript:', 'JaVaScRiPt:alert(1)'],
    ['javascript: with a tab inside the scheme', 'java\tscript:alert(1)'],
    ['javascript: with a newline inside the scheme', 'java\nscript:alert(1)'],
    ['javascript: behind a leading NUL', '\u0000javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['file:', 'file:///etc/passwd'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['blob:', 'blob:https://example.com/uuid'],
    ['about:', 'about:blank'],
    ['a custom protocol', 'ms-settings:privacy'],
    ['leading spaces', '  https://example.com'],
    ['trailing newline', 'https://example.com\n'],
    ['a tab inside the host', 'https://exa\tmple.com'],
    ['a space inside the path', 'https://example.com/a b'],
    ['a non-breaking space', 'https://example.com/\u00a0'],
    ['a zero-width space', 'https://exam\u200bple.com'],
    ['a bidi override', 'https://example.com/\u202egnp.exe'],
    ['protocol-relative', '//evil.example'],
    ['no scheme', 'evil.example'],
    ['http without slashes', 'http:evil.example'],
    ['http with one slash', 'http:/evil.example'],
    ['three slashes', 'https:///evil.example'],
    ['backslashes', 'https:\\\\evil.example'],
    ['a backslash in the path', 'https://example.com\\@evil.example'],
    ['credentials', 'https://user:pass@example.com'],
    ['a user name only', 'https://user@example.com'],
    ['an empty user info', 'https://@example.com'],
    ['a lookalike user info', 'https://example.com@evil.example/'],
    ['no host', 'https://'],
    ['no host but a path', 'https:///'],
    ['only a port', 'https://:443/'],
    ['empty', ''],
    ['a relative path', '/contacts/1'],
  ])('refuses %s', (_label, raw) => {
    expect(parseExternalUrl(raw)).toBeNull();
  });

  it('refuses URLs longer than the limit, and accepts one at the limit', () => {
    const base = 'https://example.com/';
    const atLimit = base + 'a'.repeat(MAX_EXTERNAL_URL_LENGTH - base.length);
    expect(parseExternalUrl(atLimit)?.href).toBe(atLimit);
    expect(parseExternalUrl(atLimit + 'a')).toBeNull();
    expect(parseExternalUrl(base + 'a'.repeat(1_000_000))).toBeNull();
  });

  it('refuses a URL whose normalised form outgrows the limit', () => {
    // Each "ñ" is 1 character raw and 6 once percent-encoded.
    const raw = 'https://example.com/' + 'ñ'.repeat(1000);
    expect(raw.length).toBeLessThan(MAX_EXTERNAL_URL_LENGTH);
    expect(parseExternalUrl(raw)).toBeNull();
  });

  it('honours the allowed schemes, and never allows dangerous ones even when asked', () => {
    expect(parseExternalUrl('http://example.com', ['https:'])).toBeNull();
    expect(parseExternalUrl('https://example.com', ['HTTPS:'])?.protocol).toBe('https:');
    expect(parseExternalUrl('javascript:alert(1)', ['javascript:'])).toBeNull();
    expect(parseExternalUrl('file:///etc/passwd', ['file:'])).toBeNull();
    expect(parseExternalUrl('mailto:a@example.com')).toBeNull();
  });

  it('accepts every generated web URL without user info', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (raw) => {
        const url = parseExternalUrl(raw);
        expect(url).not.toBeNull();
        expect(['http:', 'https:']).toContain(url!.protocol);
      }),
    );
  });

  it('refuses any web URL with a control or space character inserted anywhere', () => {
    const forbidden = fc.constantFrom(
      '\u0000',
      '\t',
      '\n',
      '\r',
      ' ',
      '\u007f',
      '\u0085',
      '\u00a0',
      '\u2028',
      '\ufeff',
    );
    fc.assert(
      fc.property(fc.webUrl(), forbidden, fc.nat(), (raw, character, at) => {
        const position = at % (raw.length + 1);
        expect(parseExternalUrl(raw.slice(0, position) + character + raw.slice(position))).toBeNull();
      }),
    );
  });

  it('only ever returns http(s) URLs with a host and no credentials, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl().map((url) => url.replace('://', '://u:p@')),
        ),
        (raw) => {
          const url = parseExternalUrl(raw);
          if (url === null) return;
          expect(['http:', 'https:']).toContain(url.protocol);
          expect(url.hostname).not.toBe('');
          expect(url.username + url.password).toBe('');
        },
      ),
    );
  });
});

describe('parseNoteLinkUrl', () => {
  it('accepts web links and mailto: links with an address', () => {
    expect(parseNoteLinkUrl('https://example.com')?.href).toBe('https://example.com/');
    expect(parseNoteLinkUrl('mailto:ana@example.com')?.href).toBe('mailto:ana@example.com');
    expect(parseNoteLinkUrl('MAILTO:ana@example.com?subject=Hola')?.protocol).toBe('mailto:');
  });

  it.each([
    'mailto:',
    'mailto:?subject=x',
    'mailto:ana',
    'mailto:%0Aana@example.com',
    'mailto: ana@example.com',
    'javascript:alert(1)',
    'tel:+34600000000',
  ])('refuses %s', (raw) => {
    expect(parseNoteLinkUrl(raw)).toBeNull();
  });
});
