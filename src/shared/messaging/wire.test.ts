import { expect, test } from 'vitest';
import { parseContactableInboxes, parseConversationList, parseInboxList } from './wire';

test('inboxes: templates from the BODY component, malformed items dropped', () => {
  const inboxes = parseInboxList(
    {
      payload: [
        {
          id: 3,
          name: 'WhatsApp',
          channel_type: 'Channel::Whatsapp',
          provider: 'whatsapp_cloud',
          lock_to_single_conversation: true,
          message_templates: [
            { name: 'hello', language: 'es', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'HEADER', text: 'h' }, { type: 'BODY', text: 'Hola {{1}}' }] },
            { name: 'no-body', components: [] },
            'garbage',
          ],
        },
        { id: 'x', name: 'bad' },
        { id: 4, name: 'Twilio', channel_type: 'Channel::TwilioSms', medium: 'whatsapp' },
      ],
    },
    5,
  );
  expect(inboxes).toEqual([
    {
      id: 3,
      name: 'WhatsApp',
      channelType: 'Channel::Whatsapp',
      provider: 'whatsapp_cloud',
      lockToSingleConversation: true,
      messageTemplates: [{ name: 'hello', language: 'es', category: 'UTILITY', status: 'APPROVED', body: 'Hola {{1}}' }],
      fetchedAt: 5,
    },
    { id: 4, name: 'Twilio', channelType: 'Channel::TwilioSms', provider: 'whatsapp', lockToSingleConversation: false, messageTemplates: [], fetchedAt: 5 },
  ]);
  expect(parseInboxList({ nope: 1 }, 0)).toBeNull();
});

test('conversations: last non-private message and last incoming time in ms', () => {
  const list = parseConversationList({
    payload: [
      {
        id: 7,
        inbox_id: 3,
        status: 'pending',
        created_at: 100,
        last_activity_at: 300,
        messages: [
          { content: 'from contact', message_type: 0, created_at: 200 },
          { content: 'reply', message_type: 1, created_at: 250 },
          { content: 'secret', message_type: 1, created_at: 260, private: true },
          { content: 'Conversation was resolved', message_type: 2, created_at: 270 },
        ],
      },
      { id: 8, inbox_id: 3, status: 'weird', messages: [] },
    ],
  });
  expect(list).toEqual([
    { serverId: 7, inboxId: 3, status: 'pending', lastMessage: 'reply', lastIncomingAt: 200_000, lastActivityAt: 300_000, createdAt: 100_000 },
    { serverId: 8, inboxId: 3, status: 'open', lastMessage: null, lastIncomingAt: null, lastActivityAt: 0, createdAt: 0 },
  ]);
});

test('contactable inboxes: hmac_verified defaults to false (stock Chatwoot does not send it)', () => {
  expect(parseContactableInboxes({ payload: [{ source_id: 's', inbox: { id: 4 }, hmac_verified: true }, { source_id: 'e', inbox: { id: 1 } }, { inbox: {} }] })).toEqual([
    { inboxId: 4, sourceId: 's', hmacVerified: true },
    { inboxId: 1, sourceId: 'e', hmacVerified: false },
  ]);
});
