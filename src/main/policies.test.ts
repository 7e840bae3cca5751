import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_HEIGHT,
  DEFAULT_WINDOW_WIDTH,
  MIN_WINDOW_HEIGHT,
  MIN_WINDOW_WIDTH,
  decidePermission,
  fitWindowState,
  isAllowedNavigation,
  isTrustedSender,
  parseDemoArgument,
  pickLocale,
  toHostPlatform,
  urlForLog,
  windowOpenDecision,
  windowStateSchema,
  type DisplayArea,
} from './policies';

const DEV_URL = 'http://localhost:5173/';
const FILE_URL = 'file:///opt/Wintook%20Contacts/resources/app.asar/out/renderer/index.html';

describe('isAllowedNavigation', () => {
  it('allows the dev server origin, with any path, query or hash', () => {
    expect(isAllowedNavigation('http://localhost:5173/', DEV_URL)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/?demo=1000#contacts', DEV_URL)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/src/main.tsx', DEV_URL)).toBe(true);
  });

  it('allows the packaged index file with a query or hash', () => {
    expect(isAllowedNavigation(FILE_URL, FILE_URL)).toBe(true);
    expect(isAllowedNavigation(`${FILE_URL}?demo=10#x`, FILE_URL)).toBe(true);
  });

  it.each([
    ['another port', 'http://localhost:5174/', DEV_URL],
    ['another host', 'http://127.0.0.1:5173/', DEV_URL],
    ['https instead of http', 'https://localhost:5173/', DEV_URL],
    ['a web page', 'https://evil.example/', DEV_URL],
    ['credentials on the app origin', 'http://user:pw@localhost:5173/', DEV_URL],
    ['javascript:', 'javascript:alert(1)', DEV_URL],
    ['data:', 'data:text/html,<h1>hi</h1>', FILE_URL],
    ['another local file', 'file:///etc/passwd', FILE_URL],
    ['a sibling file', 'file:///opt/Wintook%20Contacts/resources/app.asar/out/renderer/other.html', FILE_URL],
    [
      'a file on a network share',
      'file://evil-host/opt/Wintook%20Contacts/resources/app.asar/out/renderer/index.html',
      FILE_URL,
    ],
    ['a web page from the packaged app', 'https://example.com/', FILE_URL],
    ['about:blank', 'about:blank', FILE_URL],
    ['garbage', 'not a url', DEV_URL],
    ['empty', '', DEV_URL],
  ])('denies %s', (_label, target, app) => {
    expect(isAllowedNavigation(target, app)).toBe(false);
  });

  it('denies everything when the app URL itself is unusable', () => {
    expect(isAllowedNavigation('about:blank', 'about:blank')).toBe(false);
    expect(isAllowedNavigation('', '')).toBe(false);
    expect(isAllowedNavigation('data:text/html,x', 'data:text/html,x')).toBe(false);
  });

  it('never allows a page of another origin, whatever it is', () => {
    fc.assert(
      fc.property(fc.webUrl(), (target) => {
        fc.pre(new URL(target).origin !== new URL(DEV_URL).origin);
        expect(isAllowedNavigation(target, DEV_URL)).toBe(false);
        expect(isAllowedNavigation(target, FILE_URL)).toBe(false);
      }),
    );
  });
});

describe('isTrustedSender', () => {
  it('trusts only the app page', () => {
    expect(isTrustedSender(DEV_URL, DEV_URL)).toBe(true);
    expect(isTrustedSender(`${FILE_URL}#/settings`, FILE_URL)).toBe(true);
    expect(isTrustedSender('https://evil.example/', DEV_URL)).toBe(false);
    expect(isTrustedSender('file:///tmp/evil.html', FILE_URL)).toBe(false);
  });

  it('distrusts a sender without a URL (destroyed or navigating frame)', () => {
    expect(isTrustedSender(null, DEV_URL)).toBe(false);
    expect(isTrustedSender(undefined, DEV_URL)).toBe(false);
    expect(isTrustedSender('', DEV_URL)).toBe(false);
  });
});

describe('decidePermission', () => {
  it('allows only the sanitised clipboard write', () => {
    expect(decidePermission('clipboard-sanitized-write')).toBe(true);
  });

  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'hid',
    'usb',
    'serial',
    'midiSysex',
    'display-capture',
    'unknown',
    '',
    'CLIPBOARD-SANITIZED-WRITE',
    '__proto__',
    'constructor',
  ])('denies %s', (permission) => {
    expect(decidePermission(permission)).toBe(false);
  });
});

describe('windowOpenDecision', () => {
  it('always denies, and sends web links to the system browser', () => {
    const decision = windowOpenDecision('https://example.com/help');
    expect(decision.action).toBe('deny');
    expect(decision.openExternally?.href).toBe('https://example.com/help');
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'about:blank',
    '',
    'https://user:pw@example.com/',
    DEV_URL.replace('http', 'ftp'),
  ])('denies %s without opening anything', (url) => {
    expect(windowOpenDecision(url)).toEqual({ action: 'deny', openExternally: null });
  });
});

describe('toHostPlatform', () => {
  it('maps Node platforms', () => {
    expect(toHostPlatform('darwin')).toBe('mac');
    expect(toHostPlatform('win32')).toBe('windows');
    expect(toHostPlatform('linux')).toBe('linux');
    expect(toHostPlatform('freebsd')).toBe('other');
  });
});

describe('parseDemoArgument', () => {
  it('reads --demo=N anywhere on the command line', () => {
    expect(parseDemoArgument(['/usr/bin/electron', '.', '--demo=1000'])).toBe(1000);
    expect(parseDemoArgument(['--no-sandbox', '--demo=100000', '--other'])).toBe(100_000);
  });

  it.each([
    [['--demo']],
    [['--demo=']],
    [['--demo=0']],
    [['--demo=-5']],
    [['--demo=1e5']],
    [['--demo=12abc']],
    [['--demo=99999999']],
    [['--demo=2000000']],
    [['--demos=10']],
    [[]],
  ])('ignores %j', (argv) => {
    expect(parseDemoArgument(argv)).toBeNull();
  });
});

describe('fitWindowState', () => {
  const primary: DisplayArea = { x: 0, y: 0, width: 1920, height: 1040 };
  const left: DisplayArea = { x: -1280, y: 0, width: 1280, height: 984 };

  it('keeps a valid remembered window where it was', () => {
    const saved = { x: 100, y: 50, width: 1200, height: 800, isMaximized: true };
    expect(fitWindowState(saved, [primary])).toEqual(saved);
  });

  it('keeps a window on a secondary display at negative coordinates', () => {
    const saved = { x: -1200, y: 20, width: 1000, height: 700, isMaximized: false };
    expect(fitWindowState(saved, [primary, left])).toEqual(saved);
  });

  it('centres on the primary display a window from a removed monitor', () => {
    const saved = { x: -1200, y: 20, width: 1000, height: 700, isMaximized: false };
    expect(fitWindowState(saved, [primary])).toEqual({
      x: 460,
      y: 170,
      width: 1000,
      height: 700,
      isMaximized: false,
    });
  });

  it('centres a window that is entirely off-screen', () => {
    const state = fitWindowState({ x: 50_000, y: 50_000, width: 1000, height: 700 }, [primary]);
    expect(state).toEqual({ x: 460, y: 170, width: 1000, height: 700, isMaximized: false });
  });

  it('pulls a window that only a sliver of shows back fully onto that display', () => {
    const state = fitWindowState({ x: 1800, y: 900, width: 1000, height: 700, isMaximized: false }, [
      primary,
    ]);
    expect(state).toEqual({ x: 920, y: 340, width: 1000, height: 700, isMaximized: false });
  });

  it('centres a window whose visible part is too small to grab', () => {
    const state = fitWindowState({ x: 1900, y: 1030, width: 1000, height: 700 }, [primary]);
    expect(state.x).toBe(460);
    expect(state.y).toBe(170);
  });

  it('grows a tiny window to the minimum size', () => {
    const state = fitWindowState({ x: 10, y: 10, width: 5, height: 5, isMaximized: false }, [primary]);
    expect(state.width).toBe(MIN_WINDOW_WIDTH);
    expect(state.height).toBe(MIN_WINDOW_HEIGHT);
  });

  it('shrinks a window larger than its display', () => {
    const state = fitWindowState({ x: 0, y: 0, width: 4000, height: 3000, isMaximized: false }, [primary]);
    expect(state).toEqual({ x: 0, y: 0, width: 1920, height: 1040, isMaximized: false });
  });

  it('fits a display smaller than the minimum window', () => {
    const tiny = { x: 0, y: 0, width: 640, height: 400 };
    const state = fitWindowState({ width: 1280, height: 800 }, [tiny]);
    expect(state).toEqual({ x: 0, y: 0, width: 640, height: 400, isMaximized: false });
  });

  it.each([
    ['NaN', { x: Number.NaN, y: 0, width: 1000, height: 700 }],
    ['Infinity', { x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 700 }],
    ['negative size', { x: 0, y: 0, width: -1000, height: 700 }],
    ['fractions', { x: 0.5, y: 0, width: 1000, height: 700 }],
    ['strings', { x: '0', y: '0', width: '1000', height: '700' }],
    ['absurd coordinates', { x: -1e12, y: 0, width: 1000, height: 700 }],
    ['null', null],
    ['an array', [1, 2, 3, 4]],
    ['a string', 'corrupt'],
  ])('uses centred defaults for %s', (_label, saved) => {
    expect(fitWindowState(saved, [primary])).toEqual({
      x: (1920 - DEFAULT_WINDOW_WIDTH) / 2,
      y: (1040 - DEFAULT_WINDOW_HEIGHT) / 2,
      width: DEFAULT_WINDOW_WIDTH,
      height: DEFAULT_WINDOW_HEIGHT,
      isMaximized: false,
    });
  });

  it('ignores unusable displays and copes with none at all', () => {
    const broken = { x: Number.NaN, y: 0, width: 0, height: 0 };
    expect(fitWindowState({ x: 10, y: 10, width: 1000, height: 700 }, [broken, primary]).x).toBe(10);
    expect(fitWindowState({ x: 10, y: 10, width: 100, height: 70, isMaximized: true }, [])).toEqual({
      width: MIN_WINDOW_WIDTH,
      height: MIN_WINDOW_HEIGHT,
      isMaximized: true,
    });
  });

  it('always returns a valid state that lies within one of the displays', () => {
    const display = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }),
      y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 200, max: 6000 }),
      height: fc.integer({ min: 200, max: 4000 }),
    });
    const saved = fc.oneof(
      fc.record({
        x: fc.oneof(fc.integer({ min: -200_000, max: 200_000 }), fc.double()),
        y: fc.oneof(fc.integer({ min: -200_000, max: 200_000 }), fc.double()),
        width: fc.oneof(fc.integer({ min: -10, max: 200_000 }), fc.double()),
        height: fc.oneof(fc.integer({ min: -10, max: 200_000 }), fc.double()),
        isMaximized: fc.boolean(),
      }),
      fc.anything(),
    );
    fc.assert(
      fc.property(saved, fc.array(display, { minLength: 1, maxLength: 4 }), (input, displays) => {
        const state = fitWindowState(input, displays);
        expect(windowStateSchema.safeParse(state).success).toBe(true);
        const inside = displays.some(
          (d) =>
            state.x! >= d.x &&
            state.y! >= d.y &&
            state.x! + state.width <= d.x + d.width &&
            state.y! + state.height <= d.y + d.height,
        );
        expect(inside).toBe(true);
      }),
    );
  });
});

describe('pickLocale', () => {
  it('takes the first usable tag, normalised', () => {
    expect(pickLocale(['es-ES', 'en-US'])).toBe('es-ES');
    expect(pickLocale(['', 'C', 'es_MX.UTF-8'])).toBe('es-MX');
    expect(pickLocale([undefined, null, 'es-419'])).toBe('es-419');
    expect(pickLocale(['zh-Hant-TW'])).toBe('zh-Hant-TW');
  });

  it.each([[[]], [['']], [['C']], [['POSIX']], [['x'.repeat(100)]], [['es ES']], [['<script>']]])(
    'falls back to en-US for %j',
    (candidates) => {
      expect(pickLocale(candidates)).toBe('en-US');
    },
  );
});

describe('urlForLog', () => {
  it('keeps only the scheme and host', () => {
    expect(urlForLog('https://evil.example/contacts/42?email=ana%40example.com#x')).toBe(
      'https://evil.example',
    );
    expect(urlForLog('https://user:secret@evil.example/')).toBe('https://evil.example');
    expect(urlForLog('file:///home/ana/contacts.csv')).toBe('file:');
    expect(urlForLog('javascript:alert(document.cookie)')).toBe('javascript:');
    expect(urlForLog('not a url')).toBe('(no valid URL)');
    expect(urlForLog(null)).toBe('(no valid URL)');
  });
});
