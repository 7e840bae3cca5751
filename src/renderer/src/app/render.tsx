import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { LanguageSetting } from '../i18n/language';
import { host } from '../host';
import { ServicesProvider, type Services } from '../ui/services';
import { App } from './App';
import { errorReportOf } from './errorReporting';
import { ErrorBoundary } from './ErrorBoundary';

/**
 * The UI: React's renderer, AG Grid and every screen. main.tsx loads this module with `import()`,
 * so its code is evaluated in a task of its own while the start reads the database, not in the
 * same task as the start's own code (docs/architecture.md "Startup").
 */
export function renderApp(services: Services, languageSetting: LanguageSetting): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ErrorBoundary
        report={(error) => void host.reportError(errorReportOf('render', error)).catch(() => undefined)}
      >
        <ServicesProvider services={services}>
          <App initialLanguage={languageSetting} />
        </ServicesProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
