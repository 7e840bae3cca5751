import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A render error anywhere in the app shows what happened and a Reload button instead of a blank
 * window (issue 19), and goes to the log: `console.error` (the web host's log) and `report`, which
 * sends it through the bridge to main's electron-log file (app/errorReporting.ts). Nothing is lost
 * by reloading: every change is in IndexedDB already.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; report: (error: unknown) => void }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // eslint-disable-next-line no-console -- the web host's log
    console.error('Wintook Contacts render error:', error, info.componentStack ?? '');
    this.props.report(error);
  }

  override render(): ReactNode {
    if (this.state.error) return <RenderErrorMessage error={this.state.error} />;
    return this.props.children;
  }
}

function RenderErrorMessage(props: { error: Error }) {
  const { t } = useTranslation();
  return (
    <main className="render-error" role="alert">
      <h1>{t('renderError.title')}</h1>
      <p>{t('renderError.body')}</p>
      <p className="render-error-detail">{props.error.message}</p>
      <button type="button" className="button primary" autoFocus onClick={() => window.location.reload()}>
        {t('renderError.reload')}
      </button>
    </main>
  );
}
