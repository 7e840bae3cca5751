import { serverOrigin } from '../shared/sync/connection';
import { menuLanguage, type MenuLanguage } from './menu-template';

/**
 * Main's decisions about sync servers, as pure functions (no `electron` import; unit-tested in
 * server-consent.test.ts). Main talks to a server only after the person at the keyboard agreed to
 * that origin in main's own native dialog (or agreed earlier: the allow-list), so a compromised
 * renderer can neither probe the internal network through "Test connection" nor repoint sync
 * (issue 17). The token is written to disk only under real OS encryption.
 */

/** `localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]`: plain http there never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  return /^127(?:\.\d{1,3}){3}$/.test(host);
}

export type ServerConsent =
  /** The user agreed to this origin before (or it is the connected one): go ahead. */
  | { kind: 'allowed'; origin: string }
  /** Ask in main's dialog first; `plainHttp`: `http://` to another machine (readable on the way). */
  | { kind: 'ask'; origin: string; plainHttp: boolean }
  | { kind: 'invalid' };

export function serverConsent(rawUrl: string, trusted: ReadonlySet<string>): ServerConsent {
  const origin = serverOrigin(rawUrl);
  if (!origin) return { kind: 'invalid' };
  if (trusted.has(origin)) return { kind: 'allowed', origin };
  const url = new URL(origin);
  return { kind: 'ask', origin, plainHttp: url.protocol === 'http:' && !isLoopbackHost(url.hostname) };
}

/**
 * Where the token may live. Linux's `safeStorage` falls back to `basic_text` (a key written in
 * Chromium's source) when there is no keyring, and reports `unknown` before it has chosen:
 * encrypting with either protects nothing, so the token is kept for this session only.
 * Elsewhere (DPAPI, Keychain) encryption available means real encryption.
 */
export type TokenStorage = 'encrypted' | 'session-only';

export function tokenStorageFor(platform: string, encryptionAvailable: boolean, linuxBackend: string | null): TokenStorage {
  if (!encryptionAvailable) return 'session-only';
  if (platform !== 'linux') return 'encrypted';
  return linuxBackend === null || linuxBackend === 'basic_text' || linuxBackend === 'unknown' ? 'session-only' : 'encrypted';
}

export type ConsentAction = 'test' | 'connect';
type DialogLanguage = MenuLanguage;

/** What `dialog.showMessageBox` shows; `confirmId` is the button that agrees. */
export interface ConsentDialog {
  type: 'question' | 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  confirmId: number;
}

const CONSENT_TEXT = {
  en: {
    title: 'Sync server',
    test: (origin: string) => `Contact the server ${origin} to test the connection?`,
    connect: (origin: string) => `Connect Wintook Contacts to the server ${origin}?`,
    detail: 'Your contacts will be sent to this server and read from it. Only go ahead if you typed this address yourself.',
    plainHttp: 'This address uses http://, not https://: anyone on the network between you and the server can read your contacts and your access token, and change them.',
    go: { test: 'Test', connect: 'Connect' },
    goAnyway: { test: 'Test anyway', connect: 'Connect anyway' },
    cancel: 'Cancel',
    notStoredTitle: 'Access token not saved',
    notStored: 'This system has no keyring to encrypt the access token, so Wintook Contacts keeps it only until you close the app.',
    notStoredDetail: 'You will be asked for it again next time. Install or unlock a keyring (GNOME Keyring, KWallet) to keep it between sessions.',
    ok: 'OK',
  },
  es: {
    title: 'Servidor de sincronización',
    test: (origin: string) => `¿Contactar con el servidor ${origin} para probar la conexión?`,
    connect: (origin: string) => `¿Conectar Wintook Contacts al servidor ${origin}?`,
    detail: 'Tus contactos se enviarán a este servidor y se leerán de él. Continúa solo si escribiste tú esta dirección.',
    plainHttp: 'Esta dirección usa http://, no https://: cualquiera en la red entre tú y el servidor puede leer tus contactos y tu token de acceso, y cambiarlos.',
    go: { test: 'Probar', connect: 'Conectar' },
    goAnyway: { test: 'Probar de todos modos', connect: 'Conectar de todos modos' },
    cancel: 'Cancelar',
    notStoredTitle: 'Token de acceso no guardado',
    notStored: 'Este sistema no tiene un llavero para cifrar el token de acceso, así que Wintook Contacts lo guarda solo hasta que cierres la app.',
    notStoredDetail: 'Te lo pediremos de nuevo la próxima vez. Instala o desbloquea un llavero (GNOME Keyring, KWallet) para conservarlo entre sesiones.',
    ok: 'Aceptar',
  },
} as const satisfies Record<DialogLanguage, unknown>;


/** The question main asks before it contacts `origin`. Plain http to another machine: a warning, Cancel by default. */
export function consentDialog(consent: { origin: string; plainHttp: boolean }, action: ConsentAction, locale: string): ConsentDialog {
  const text = CONSENT_TEXT[menuLanguage(locale)];
  const go = consent.plainHttp ? text.goAnyway[action] : text.go[action];
  return {
    type: consent.plainHttp ? 'warning' : 'question',
    title: text.title,
    message: action === 'test' ? text.test(consent.origin) : text.connect(consent.origin),
    detail: consent.plainHttp ? `${text.plainHttp}\n\n${text.detail}` : text.detail,
    buttons: [text.cancel, go],
    defaultId: consent.plainHttp ? 0 : 1,
    cancelId: 0,
    confirmId: 1,
  };
}

/** Told once, when a connection is made whose token cannot be stored encrypted. */
export function tokenNotStoredDialog(locale: string): Omit<ConsentDialog, 'confirmId'> {
  const text = CONSENT_TEXT[menuLanguage(locale)];
  return { type: 'warning', title: text.notStoredTitle, message: text.notStored, detail: text.notStoredDetail, buttons: [text.ok], defaultId: 0, cancelId: 0 };
}
