import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contact';
import { channelOf } from '../../../shared/messaging/eligibility';
import { useServices } from '../ui/services';
import { watchContactConversations } from '../data/api';
import { formatExactDate, formatRelativeDate } from '../ui/time';
import { useNow } from '../ui/useNow';
import { useContactMessaging } from './useMessages';
import './messages.css';

/**
 * The contact's conversations in its sidebar (issue 9): the server's (cached for offline use) and
 * the messages started here, "Waiting to send" until sync creates them, or "Not sent: <reason>".
 * Everything is rendered as text: nothing from the server is HTML here.
 */
export function ConversationsSection(props: { contact: Contact }) {
  const { t, i18n } = useTranslation('messages');
  const { appSync } = useServices();
  const { contact } = props;
  const { conversations, inboxes } = useContactMessaging(contact.id);
  const now = useNow();
  const lang = i18n.language;

  // While the sidebar is open the next sync reads this contact's conversations; open one now if we can.
  useEffect(() => {
    const stop = watchContactConversations(contact.id);
    if (appSync.connected() && navigator.onLine && contact.serverId !== null) void appSync.engine.syncNow();
    return stop;
  }, [appSync, contact.id, contact.serverId]);

  const inboxName = (id: number) => inboxes.find((inbox) => inbox.id === id);

  return (
    <section className="panel-section conversations-section" aria-labelledby="panel-conversations">
      <h3 id="panel-conversations">{t('conversations.title')}</h3>
      {conversations === null ? null : conversations.length === 0 ? (
        <p className="field-hint">{appSync.connected() ? t('conversations.empty') : t('conversations.notLoaded')}</p>
      ) : (
        <ul className="conversation-list" aria-label={t('conversations.title')}>
          {conversations.map((conversation) => {
            const inbox = inboxName(conversation.inboxId);
            const channel = inbox ? channelOf(inbox.channelType, inbox.provider) : 'unsupported';
            const state =
              conversation.sendState === 'waiting'
                ? { text: t('conversations.waiting'), tone: 'waiting' }
                : conversation.sendState === 'sending'
                  ? { text: t('conversations.sending'), tone: 'waiting' }
                  : conversation.sendState === 'rejected'
                    ? { text: t('conversations.notSentShort'), tone: 'rejected' }
                    : { text: t(`conversations.status.${conversation.status}`), tone: conversation.status };
            return (
              <li key={conversation.id} className="conversation-item">
                <div className="conversation-head">
                  <span className="conversation-inbox">
                    {inbox ? `${inbox.name} · ${t(`channel.${channel}`)}` : `#${conversation.inboxId}`}
                    {conversation.serverId !== null && <span className="conversation-number"> {t('conversations.number', { id: conversation.serverId })}</span>}
                  </span>
                  <span className={`conversation-state tone-${state.tone}`}>{state.text}</span>
                </div>
                <p className="conversation-last">{conversation.lastMessage ?? t('conversations.noText')}</p>
                {conversation.sendState === 'rejected' && <p className="conversation-error">{t('conversations.notSent', { reason: conversation.sendError ?? '' })}</p>}
                <time className="conversation-time" dateTime={new Date(conversation.lastActivityAt).toISOString()} title={formatExactDate(conversation.lastActivityAt, lang)}>
                  {/* useNow ticks each minute: one sent since the last tick reads "now", not as a future date. */}
                  {formatRelativeDate(Math.min(conversation.lastActivityAt, now), now, lang)}
                </time>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
