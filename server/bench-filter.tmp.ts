import { buildServer } from './src/app';
import { openPglite } from './src/db/database';
import { migrate } from './src/db/migrate';
import { createAccountWithAdmin } from './src/accounts';
import { seedDemo } from './src/demo';
const db = await openPglite();
await migrate(db);
const acct = await createAccountWithAdmin(db, { accountName: 'b', adminName: 'a', adminEmail: 'a@b.c' });
const n = Number(process.argv[2] ?? 2000);
await seedDemo(db, acct.accountId, acct.userId, n);
const app = buildServer({ db });
for (const [conds, vals, op] of [[50, 1, 'and'], [100, 1, 'and'], [100, 1, 'or'], [100, 10, 'and'], [100, 10, 'or'], [200,1,'and'], [300,1,'and']] as const) {
  const payload = Array.from({ length: conds }, (_, i) => ({ attribute_key: 'name', filter_operator: 'contains', values: Array.from({ length: vals }, (_, j) => `zz${i}q${j}`), query_operator: i < conds - 1 ? op : null }));
  const t = Date.now();
  const r = await app.inject({ method: 'POST', url: `/api/v1/accounts/${acct.accountId}/contacts/filter`, headers: { api_access_token: acct.token, 'content-type': 'application/json' }, payload: JSON.stringify({ payload }) });
  console.log(n, conds, vals, op, r.statusCode, Date.now() - t, 'ms');
}
await db.close();
