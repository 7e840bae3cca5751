import { Component, lazy, Suspense, type Attributes, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A part of the UI whose code loads on first use (e.g. the Slate notes editor), made safe:
 * - `preload()` fetches the code ahead of time (the app calls it when idle), so in the web host a
 *   section opened later while offline does not need the network;
 * - a failed load shows a line in place of the section instead of unmounting the whole app (React
 *   rethrows a rejected lazy import to the nearest error boundary). Its button reloads the window:
 *   Chromium remembers a failed module fetch for the page's lifetime (whatwg/html#6768), so trying
 *   the same import again in place cannot succeed.
 */
export function lazySection<P extends object>(load: () => Promise<ComponentType<P>>) {
  let pending: Promise<ComponentType<P>> | null = null;
  const fetchOnce = () => (pending ??= load());
  const Lazy = lazy(() => fetchOnce().then((component) => ({ default: component })));

  function Section(props: P & { label: string }) {
    const { label, ...rest } = props;
    return (
      <LoadBoundary label={label}>
        <Suspense fallback={null}>
          <Lazy {...(rest as P & Attributes)} />
        </Suspense>
      </LoadBoundary>
    );
  }
  return { Section, preload: () => void fetchOnce().catch(() => undefined) };
}

class LoadBoundary extends Component<{ label: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <LoadFailed label={this.props.label} /> : this.props.children;
  }
}

function LoadFailed({ label }: { label: string }) {
  const { t } = useTranslation();
  return (
    <p className="panel-section load-failed" role="alert">
      {t('lazy.failed', { section: label })}{' '}
      <button type="button" className="link-button" onClick={() => window.location.reload()}>
        {t('lazy.reload')}
      </button>
    </p>
  );
}
