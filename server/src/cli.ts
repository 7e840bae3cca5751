/** The account commands of `npm run server` and first-start bootstrap, apart from the process plumbing in main.ts. */
import { accountExists, createAccountWithAdmin, createAgent, createToken, findUserByEmail } from './accounts';
import { ConfigError, type Config } from './config';
import type { Database } from './db/database';
import { createInbox } from './inboxes/routes';
import { CHANNEL_TYPES, type ChannelKind } from './inboxes/model';

export type Say = (line: string) => void;

/** Serialises first-start bootstrap across processes sharing one database. */
const BOOTSTRAP_LOCK_ID = 0x77696e74;

/** Creates account 1 with an administrator on first start; returns the admin's token then, else null. */
export async function ensureFirstAccount(db: Database): Promise<string | null> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_ID]);
    const { rows } = await tx.query('SELECT 1 FROM accounts LIMIT 1');
    if (rows.length > 0) return null;
    const created = await createAccountWithAdmin(tx, { accountName: 'Wintook', adminName: 'Administrator', adminEmail: 'admin@localhost' });
    return created.token;
  });
}

function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new ConfigError(`${flag} is required`);
  return value;
}

async function requireAccount(db: Database, id: number | undefined): Promise<number> {
  const accountId = required(id, '--account');
  if (!(await accountExists(db, accountId))) throw new ConfigError(`account ${accountId} does not exist`);
  return accountId;
}

/** Runs one of the account commands; `say` prints its output lines (the token among them). */
export async function runCommand(config: Config, db: Database, say: Say): Promise<void> {
  switch (config.command) {
    case 'create-account': {
      const name = required(config.name, '--name');
      const created = await createAccountWithAdmin(db, {
        accountName: name,
        adminName: `${name} administrator`,
        adminEmail: config.email ?? `admin+${Date.now()}@localhost`,
      });
      say(`Account: ${created.accountId}`);
      say(`API token: ${created.token}`);
      return;
    }
    case 'create-agent': {
      const accountId = await requireAccount(db, config.account);
      const userId = await createAgent(db, accountId, { name: required(config.name, '--name'), email: required(config.email, '--email'), role: config.role });
      say(`User: ${userId}`);
      say(`API token: ${await createToken(db, userId)}`);
      return;
    }
    case 'create-token': {
      const userId = await findUserByEmail(db, required(config.email, '--email'));
      if (userId === null) throw new ConfigError(`no user with email ${config.email}`);
      say(`API token: ${await createToken(db, userId)}`);
      return;
    }
    case 'create-inbox': {
      const accountId = await requireAccount(db, config.account);
      const kind = required(config.type, '--type');
      if (!Object.hasOwn(CHANNEL_TYPES, kind)) throw new ConfigError(`--type must be one of ${Object.keys(CHANNEL_TYPES).join(', ')}`);
      const inbox = await createInbox(db, accountId, required(config.name, '--name'), kind as ChannelKind);
      say(`Inbox: ${inbox.id} (${inbox.channel_type})`);
      return;
    }
    case 'serve':
    case 'migrate':
      // Both run in main.ts: migrations are applied when the database opens, for every command.
      return;
  }
}

