-- Idempotency keys belong to the user (token) that sent them, not to the whole account: two agents'
-- clients choosing the same key must not see each other's stored answers (issue 17). Keys are kept
-- 24 hours (IDEMPOTENCY_KEY_TTL in server/src/http/write.ts). Keys stored before this migration have
-- no user; they are dropped (a retry across the upgrade is then a new request, as after expiry).
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys ADD COLUMN user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (account_id, user_id, key);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (account_id, created_at);
