-- Wintook sync server: the initial schema. Applied once, in a transaction, under an advisory lock.

CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  -- The account's change counter. Every write transaction locks this row first and takes the next
  -- numbers from it, so change numbers follow commit order within an account (see server/README.md).
  change_seq bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE account_users (
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('administrator', 'agent')),
  PRIMARY KEY (account_id, user_id)
);

CREATE TABLE access_tokens (
  -- sha256 of the token: a leaked database does not leak usable tokens.
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contacts (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL DEFAULT '',
  email text,
  phone_number text,
  identifier text,
  avatar_url text,
  additional_attributes jsonb NOT NULL DEFAULT '{}',
  custom_attributes jsonb NOT NULL DEFAULT '{}',
  blocked boolean NOT NULL DEFAULT false,
  labels text[] NOT NULL DEFAULT '{}',
  labels_version integer NOT NULL DEFAULT 1,
  version integer NOT NULL DEFAULT 1,
  -- Folded (lower-case, accent-free) text for search and filters, computed by src/shared/text.ts so
  -- the server and the app fold text identically.
  search_text text NOT NULL DEFAULT '',
  folded jsonb NOT NULL DEFAULT '{}',
  last_activity_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Chatwoot enforces email and identifier uniqueness in the database but phone uniqueness only in
  -- Rails (chatwoot#12325); here all three are constraints.
  CONSTRAINT contacts_email_unique UNIQUE (account_id, email),
  CONSTRAINT contacts_identifier_unique UNIQUE (account_id, identifier),
  CONSTRAINT contacts_phone_number_unique UNIQUE (account_id, phone_number)
);
CREATE INDEX contacts_account_created ON contacts (account_id, created_at, id);
CREATE INDEX contacts_account_activity ON contacts (account_id, last_activity_at DESC NULLS LAST);

CREATE TABLE notes (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  content text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_contact ON notes (contact_id, created_at DESC);

CREATE TABLE custom_attribute_definitions (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  attribute_display_name text NOT NULL,
  attribute_key text NOT NULL,
  attribute_display_type integer NOT NULL DEFAULT 0,
  attribute_model integer NOT NULL DEFAULT 0,
  attribute_description text,
  attribute_values jsonb NOT NULL DEFAULT '[]',
  regex_pattern text,
  regex_cue text,
  default_value text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT custom_attribute_definitions_key_unique UNIQUE (account_id, attribute_model, attribute_key)
);

CREATE TABLE custom_filters (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  filter_type integer NOT NULL DEFAULT 0,
  query jsonb NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX custom_filters_user ON custom_filters (account_id, user_id);

CREATE TABLE inboxes (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL,
  channel_type text NOT NULL,
  provider text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contact_inboxes (
  id bigserial PRIMARY KEY,
  contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  inbox_id bigint NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
  source_id text NOT NULL,
  hmac_verified boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contact_inboxes_source_unique UNIQUE (inbox_id, source_id)
);
CREATE INDEX contact_inboxes_contact ON contact_inboxes (contact_id);

CREATE TABLE conversations (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  display_id integer NOT NULL,
  inbox_id bigint NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
  contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  contact_inbox_id bigint NOT NULL REFERENCES contact_inboxes (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'open',
  assignee_id bigint,
  team_id bigint,
  additional_attributes jsonb NOT NULL DEFAULT '{}',
  custom_attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT conversations_display_unique UNIQUE (account_id, display_id)
);

CREATE TABLE messages (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  sender_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  content text NOT NULL,
  -- Chatwoot's message_type: 0 incoming, 1 outgoing. Stored, never delivered.
  message_type integer NOT NULL DEFAULT 1,
  content_attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The change feed: one row per record, holding its latest change. Rewriting the row on every change
-- keeps the feed compact (a record edited a thousand times is one row) while `seq` still orders
-- records by their last commit. Deleted records stay here as tombstones.
CREATE TABLE changes (
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  entity text NOT NULL,
  entity_id bigint NOT NULL,
  seq bigint NOT NULL,
  op text NOT NULL CHECK (op IN ('upsert', 'delete')),
  version integer NOT NULL,
  -- Segments are per user: their changes are visible to their owner only.
  user_id bigint,
  PRIMARY KEY (account_id, entity, entity_id)
);
CREATE UNIQUE INDEX changes_feed ON changes (account_id, seq);

CREATE TABLE idempotency_keys (
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, key)
);
