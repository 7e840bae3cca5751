import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contact';
import { formatKeys, matchesKeys, SHORTCUTS } from '../../../shared/shortcuts';
import { useServices } from '../ui/services';
import { ComposeDialog } from './ComposeDialog';

/** `$mod+Shift+M` while a contact is open (the `contact-new-message` row of the shortcut table). */
const NEW_MESSAGE_KEYS = SHORTCUTS.find((s) => s.id === 'contact-new-message')!.keys[0];

/** "New message" in the contact sidebar, and its shortcut while the sidebar shows this contact. */
export function NewMessageButton(props: { contact: Contact }) {
  const { t } = useTranslation('messages');
  const { hostInfo } = useServices();
  const [open, setOpen] = useState(false);
  const platform = hostInfo.platform;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !matchesKeys(event, NEW_MESSAGE_KEYS, platform)) return;
      // Not over another dialog (a form, the composer itself); typing in the grid's search is fine.
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [platform]);

  const keys = formatKeys(NEW_MESSAGE_KEYS, platform).join(platform === 'mac' ? '' : '+');
  return (
    <>
      <button type="button" className="button primary" title={t('newMessageHint', { keys })} onClick={() => setOpen(true)}>
        {t('newMessage')}
      </button>
      {open && <ComposeDialog contact={props.contact} onClose={() => setOpen(false)} />}
    </>
  );
}
