import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../ui/services';
import { useToasts } from '../ui/toasts';
import { openContactLink } from './contactLink';
import { useContactUi } from './contactUi';
import { currentRows } from './currentView';

/** How long "not on this computer" stays: long enough to read two sentences. */
const NOT_FOUND_TOAST_MS = 10_000;

/** Opens the contacts that links name (`wintook://contact/<id>`, `?contact=<id>`) while the app runs. */
export function useContactLinks(): void {
  const services = useServices();
  const { t } = useTranslation('contact');
  useEffect(
    () =>
      services.host.onOpenContact((link) =>
        openContactLink(services.index, link, {
          open: (id) => useContactUi.getState().openContact(id),
          positionInList: (id) => currentRows(services.index, services.notes).findIndex((contact) => contact.id === id),
          reveal: (position) =>
            window.dispatchEvent(new CustomEvent('wintook:reveal-contact', { detail: { index: position } })),
          notFound: (missing) =>
            useToasts.getState().show({
              message:
                missing.kind === 'local' ? t('link.notFoundLocal') : t('link.notFoundServer', { id: missing.serverId }),
              duration: NOT_FOUND_TOAST_MS,
            }),
          invalid: () => useToasts.getState().show({ message: t('link.invalid'), duration: NOT_FOUND_TOAST_MS }),
        }),
      ),
    [services, t],
  );
}
