-- Account-level labels (Chatwoot's `labels` table): the definitions behind the titles contacts carry.
-- Titles are lower-case and unique per account (`app/models/label.rb`).
CREATE TABLE labels (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  title text NOT NULL,
  description text,
  color text NOT NULL DEFAULT '#1f93ff',
  show_on_sidebar boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX labels_title ON labels (account_id, title);
