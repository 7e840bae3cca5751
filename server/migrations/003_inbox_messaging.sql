-- New messages from the contact screen (issue 9): the inbox settings Chatwoot exposes that decide
-- how a conversation starts. `lock_to_single_conversation` is Chatwoot's inbox column; WhatsApp
-- inboxes expose their approved `message_templates` (Meta's format, synced from Meta in Chatwoot;
-- set through `PATCH /inboxes/:id` here).
ALTER TABLE inboxes ADD COLUMN lock_to_single_conversation boolean NOT NULL DEFAULT false;
ALTER TABLE inboxes ADD COLUMN message_templates jsonb NOT NULL DEFAULT '[]';
-- The WhatsApp 24-hour window looks up the contact's last incoming message per conversation.
CREATE INDEX messages_conversation ON messages (conversation_id, message_type, created_at);
