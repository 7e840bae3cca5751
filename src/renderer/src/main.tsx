// The app-wide stylesheet, in cascade order (feature folders add their own beside their components).
import './styles/base.css';
import './styles/sidebar.css';
import './styles/contactsScreen.css';
import './styles/dialogs.css';
import './styles/contactPanel.css';
import './styles/contactForm.css';
import './styles/mergeAndToasts.css';
import { installErrorReporting } from './app/errorReporting';
import { APPEARANCE_SETTING, appearanceSettingSchema, startAppearance } from './ui/appearance';
import { createServices, hostInfoOf, loadContacts, prepareIndexWhenIdle } from './app/bootstrap';
import { firstRowsPainted, keepFirstRowsSnapshot, loadFirstRows } from './app/firstRows';
import type { FirstRowsSnapshot } from './data/index/first-rows-snapshot';
import type { EarlyReads } from './data/store/early-read';
import type { Services } from './ui/services';
import { demoCountFromUrl } from './demo/count';
import { restoreFilters } from './filters/store';
import { host } from './host';
import { changeLanguage, i18n, initI18n } from './i18n';
import { LANGUAGE_SETTING, languageSettingSchema, resolveLanguage } from './i18n/language';

type AppState = 'loading' | 'blocked' | 'seeding' | 'ready' | 'failed';

function setAppState(state: AppState): void {
  document.body.dataset.appState = state;
}

function showStatus(text: string): void {
  const root = document.getElementById('root')!;
  root.replaceChildren();
  const status = document.createElement('p');
  status.className = 'boot-status';
  status.setAttribute('role', 'status');
  status.textContent = text;
  root.append(status);
}

/**
 * Starts the app; `early` are the reads the boot script began before this code loaded, `snapshot`
 * the ids of the first rows the last start stored (data/index/first-rows-snapshot.ts).
 */
export function start(early: EarlyReads, snapshot: FirstRowsSnapshot | null): void {
  // The start's steps, as performance marks (`npm run bench -- grid -v` prints them per cold start).
  performance.mark('wintook:start:code');
  installErrorReporting(window, host);
  run(early, snapshot).catch((error: unknown) => {
    setAppState('failed');
    const message = error instanceof Error ? error.message : String(error);
    showStatus(i18n.isInitialized ? i18n.t('startupError', { message }) : `Wintook Contacts could not start: ${message}`);
  });
}

async function run(early: EarlyReads, snapshot: FirstRowsSnapshot | null): Promise<void> {
  setAppState('loading');
  // The UI's code (React's renderer, AG Grid, the screens) is its own chunk: fetched from the next
  // task on and evaluated in a task of its own while the database opens. With it in this module,
  // evaluating the start's code was one task of 110–220 ms on a first start (no code cache); asked
  // for in this task, the request itself (the preload of its chunks and stylesheet) added 16–52 ms.
  const ui = new Promise((resolve) => window.setTimeout(resolve, 0)).then(() => import('./app/render'));
  // Its failure is reported where it is awaited; a start that fails earlier leaves it unawaited.
  ui.catch(() => undefined);
  const hostInfo = await hostInfoOf(host);
  const services = await createServices(host, hostInfo, {
    // An older window holds the database (issue 17): say so, in the system's language (the
    // language setting is in the database that cannot open yet). The start goes on once it closes.
    onBlocked: () => {
      setAppState('blocked');
      const say = () => showStatus(i18n.t('storage.blocked'));
      if (i18n.isInitialized) say();
      else void initI18n(resolveLanguage('system', hostInfo.locale)).then(say);
    },
  });
  performance.mark('wintook:start:db-open');
  const languageSetting = (await services.repository.settings.get(LANGUAGE_SETTING, languageSettingSchema)) ?? 'system';
  if (i18n.isInitialized) await changeLanguage(resolveLanguage(languageSetting, hostInfo.locale));
  else await initI18n(resolveLanguage(languageSetting, hostInfo.locale));
  startAppearance((await services.repository.settings.get(APPEARANCE_SETTING, appearanceSettingSchema)) ?? 'system');
  setAppState('loading');
  performance.mark('wintook:start:settings');

  // With the last start's first rows: shown now, in a loading state, while every contact is read.
  if (await loadFirstRows(services, early, snapshot)) {
    performance.mark('wintook:start:first-rows-read');
    (await ui).renderApp(services, languageSetting);
    await firstRowsPainted();
    await loadContacts(services, early.all());
    finishStart(services);
    return;
  }
  // The last filter is applied before the list is first drawn, never after it showed everyone.
  await Promise.all([loadContacts(services, early.all()), restoreFilters(services.repository)]);
  const demoCount = demoCountFromUrl(window.location.search);
  if (demoCount !== null && services.index.size === 0) {
    setAppState('seeding');
    showStatus(i18n.t('seeding', { total: demoCount, done: 0 }));
    // The generator and its name lists load only when asked for: they are not part of a normal start.
    const { seedDemoContacts } = await import('./demo/seed');
    await seedDemoContacts(services, demoCount, {
      seed: 1,
      onProgress: (done, total) => showStatus(i18n.t('seeding', { total, done })),
    });
  }
  (await ui).renderApp(services, languageSetting);
  finishStart(services);
}

/** Every contact is in the index: the app is usable, and its search and sorts get ready in idle time. */
function finishStart(services: Services): void {
  setAppState('ready');
  keepFirstRowsSnapshot(services);
  prepareIndexWhenIdle(services, () => performance.mark('wintook:interactive'));
}
