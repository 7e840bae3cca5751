/** Accounts, agents and API tokens: what the CLI creates and what every request authenticates with. */
import { createHash, randomBytes } from 'node:crypto';
import { returnedRow, type Queryable } from './db/database';

export type Role = 'administrator' | 'agent';

export interface Agent {
  id: number;
  name: string;
  email: string;
}

export interface Principal {
  user: Agent;
  accountId: number;
  role: Role;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 24 URL-safe characters, like Chatwoot's access tokens. */
export function newToken(): string {
  return randomBytes(18).toString('base64url');
}

export async function createAccount(db: Queryable, name: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO accounts (name) VALUES ($1) RETURNING id', [name]);
  const row = returnedRow(rows, 'INSERT INTO accounts');
  return row.id;
}

export async function accountExists(db: Queryable, accountId: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM accounts WHERE id = $1', [accountId]);
  return rows.length > 0;
}

/** Creates the user if its email is new, and adds it to the account with `role`. */
export async function createAgent(db: Queryable, accountId: number, agent: { name: string; email: string; role: Role }): Promise<number> {
  const email = agent.email.trim().toLowerCase();
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO users (name, email) VALUES ($1, $2)
     ON CONFLICT (email) DO UPDATE SET name = users.name RETURNING id`,
    [agent.name, email],
  );
  const userId = returnedRow(rows, 'INSERT INTO users').id;
  await db.query(
    `INSERT INTO account_users (account_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (account_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
    [accountId, userId, agent.role],
  );
  return userId;
}

export async function createToken(db: Queryable, userId: number): Promise<string> {
  const token = newToken();
  await db.query('INSERT INTO access_tokens (token_hash, user_id) VALUES ($1, $2)', [hashToken(token), userId]);
  return token;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM users WHERE email = $1', [email.trim().toLowerCase()]);
  return rows[0]?.id ?? null;
}

/** An account with one administrator and its token: what first start and tests need. */
export async function createAccountWithAdmin(
  db: Queryable,
  options: { accountName: string; adminName: string; adminEmail: string },
): Promise<{ accountId: number; userId: number; token: string }> {
  const accountId = await createAccount(db, options.accountName);
  const userId = await createAgent(db, accountId, { name: options.adminName, email: options.adminEmail, role: 'administrator' });
  const token = await createToken(db, userId);
  return { accountId, userId, token };
}

export type TokenCheck = { kind: 'invalid-token' } | { kind: 'not-member'; user: Agent } | { kind: 'ok'; principal: Principal };

/** Resolves a token for one account: an unknown token and a foreign account are different 401s in Chatwoot. */
export async function authenticate(db: Queryable, token: string, accountId: number): Promise<TokenCheck> {
  const { rows } = await db.query<{ id: number; name: string; email: string; role: Role | null }>(
    `SELECT u.id, u.name, u.email, au.role
       FROM access_tokens t
       JOIN users u ON u.id = t.user_id
       LEFT JOIN account_users au ON au.user_id = u.id AND au.account_id = $2
      WHERE t.token_hash = $1`,
    [hashToken(token), accountId],
  );
  const row = rows[0];
  if (!row) return { kind: 'invalid-token' };
  const user = { id: row.id, name: row.name, email: row.email };
  if (!row.role) return { kind: 'not-member', user };
  return { kind: 'ok', principal: { user, accountId, role: row.role } };
}
