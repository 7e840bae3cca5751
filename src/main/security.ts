import { shell, type Session, type WebContents } from 'electron';
import { createLogger } from './logger';
import {
  decidePermission,
  isAllowedNavigation,
  isTrustedSender,
  urlForLog,
  windowOpenDecision,
} from './policies';

/**
 * Wires the pure policies of policies.ts to Electron's events. Applied to every WebContents
 * the app creates (`web-contents-created`), not only the main window's, so nothing slips past.
 * docs/security.md lists each item of Electron's checklist and where it is handled.
 */
const log = createLogger('security');

export function hardenWebContents(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, appUrl)) return;
    event.preventDefault();
    log.warn('Blocked a navigation away from the app', urlForLog(event.url));
  });
  contents.on('will-redirect', (event) => {
    if (isAllowedNavigation(event.url, appUrl)) return;
    event.preventDefault();
    log.warn('Blocked a redirect away from the app', urlForLog(event.url));
  });
  // <webview> is disabled in webPreferences already; refuse attaching one regardless.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('Blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) {
      shell.openExternal(decision.openExternally.href).catch((error: unknown) => {
        log.warn('The system could not open a link', error);
      });
    } else {
      log.warn('Blocked a new window', urlForLog(url));
    }
    return { action: decision.action };
  });
}

/** Deny by default: only ALLOWED_PERMISSIONS, and only for the app's own page. */
export function installPermissionHandlers(session: Session, appUrl: string): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const requestingUrl = details.requestingUrl || contents.getURL();
    const granted =
      details.isMainFrame && decidePermission(permission) && isTrustedSender(requestingUrl, appUrl);
    if (!granted) log.info(`Denied the permission ${permission}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((contents, permission) => {
    return contents !== null && decidePermission(permission) && isTrustedSender(contents.getURL(), appUrl);
  });
  // WebHID, WebUSB and Web Serial device access: never.
  session.setDevicePermissionHandler(() => false);
}
