import type { Contact } from '../../../shared/contact';
import type { ContactLink, ContactLinkEvent } from '../../../shared/deep-link';
import { assertNever } from '../../../shared/result';
import { type ContactIndex } from '../data/api';

/**
 * Opening a contact from a link (`wintook://contact/<id>`, or `?contact=<id>` in the web host): the
 * link was parsed by the host; here it is looked up among the contacts on this computer.
 */

/** The contact a link names: by the app's own id, or by the server's id once synced; undefined when it is not here. */
export function findLinkedContact(index: Pick<ContactIndex, 'get' | 'all'>, link: ContactLink): Contact | undefined {
  switch (link.kind) {
    case 'local':
      return index.get(link.id);
    case 'server':
      // One pass over the contacts, once per link: 100k contacts take a few milliseconds.
      return index.all().find((contact) => contact.serverId === link.serverId);
    default:
      return assertNever(link);
  }
}

export interface ContactLinkActions {
  open(id: string): void;
  /** Where the contact is in the list as it is shown now (-1: not shown), to scroll to it. */
  positionInList(id: string): number;
  reveal(position: number): void;
  notFound(link: ContactLink): void;
  /** A `wintook:` link that names no contact (a typo, a link cut short). */
  invalid(): void;
}

/** Opens the linked contact in the sidebar and scrolls the list to it when it is shown; says so when it is not here. */
export function openContactLink(
  index: Pick<ContactIndex, 'get' | 'all'>,
  link: ContactLinkEvent,
  actions: ContactLinkActions,
): void {
  if (link.kind === 'invalid') {
    actions.invalid();
    return;
  }
  const contact = findLinkedContact(index, link);
  if (!contact) {
    actions.notFound(link);
    return;
  }
  actions.open(contact.id);
  const position = actions.positionInList(contact.id);
  if (position >= 0) actions.reveal(position);
}
