import { useEffect, useState } from 'react';
import type { CachedInbox, ContactInboxLink } from '../../../shared/messaging/records';
import { useServices, type Services } from '../ui/services';
import { type ConversationView, type MessagesRepository } from '../data/api';

/** The app's messages repository (`repository.messages`). */
export function messagesOf(services: Pick<Services, 'repository'>): MessagesRepository {
  return services.repository.messages;
}

export function useMessagesRepository(): MessagesRepository {
  return messagesOf(useServices());
}

export interface ContactMessaging {
  /** Null until the first read. */
  conversations: ConversationView[] | null;
  inboxes: CachedInbox[];
  links: ContactInboxLink[];
}

/** The contact's conversations, the cached inboxes and the contact's inbox links, kept current. */
export function useContactMessaging(contactId: string): ContactMessaging {
  const messages = useMessagesRepository();
  const [state, setState] = useState<ContactMessaging>({ conversations: null, inboxes: [], links: [] });
  useEffect(() => {
    let live = true;
    const load = () =>
      void Promise.all([messages.conversationsOf(contactId), messages.inboxes(), messages.linksOf(contactId)]).then(([conversations, inboxes, links]) => {
        if (live) setState({ conversations, inboxes, links });
      });
    load();
    const unsubscribe = messages.subscribe((contactIds) => {
      if (contactIds === null || contactIds.includes(contactId)) load();
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [messages, contactId]);
  return state;
}
