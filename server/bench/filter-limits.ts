/**
 * The slowest filters the limits allow, timed on demo contacts (figures in docs/server.md):
 *   node --import tsx server/bench/filter-limits.ts [contacts=10000]
 * In-memory PGlite in this process, requests through `inject`; each shape is run twice and the
 * second (warm) time is printed.
 */
import { createAccountWithAdmin } from '../src/accounts';
import { buildServer } from '../src/app';
import { openPglite } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { seedDemo } from '../src/demo';
import { FILTER_LIMITS } from '../src/filters/sql';

const contacts = Number(process.argv[2] ?? 10_000);
const db = await openPglite();
await migrate(db);
const account = await createAccountWithAdmin(db, { accountName: 'bench', adminName: 'Bench', adminEmail: 'bench@localhost' });
await seedDemo(db, account.accountId, account.userId, contacts);
const app = buildServer({ db });

function chain(conditions: number, join: 'and' | 'or', valuesEach: number) {
  return Array.from({ length: conditions }, (_, index) => ({
    attribute_key: 'name',
    filter_operator: 'contains',
    values: Array.from({ length: valuesEach }, (__, value) => `zz${index}q${value}`),
    query_operator: index < conditions - 1 ? join : null,
  }));
}

const perCondition = FILTER_LIMITS.values / FILTER_LIMITS.conditions;
const shapes: [string, ReturnType<typeof chain>][] = [
  [`${FILTER_LIMITS.conditions} AND x ${perCondition} values`, chain(FILTER_LIMITS.conditions, 'and', perCondition)],
  [`${FILTER_LIMITS.conditions} OR x ${perCondition} values`, chain(FILTER_LIMITS.conditions, 'or', perCondition)],
  [`2 OR x ${FILTER_LIMITS.valuesPerCondition} values`, chain(2, 'or', FILTER_LIMITS.valuesPerCondition)],
  ['550 AND x 1 value (refused)', chain(550, 'and', 1)],
];
for (const [label, payload] of shapes) {
  let ms = 0;
  let status = 0;
  for (let round = 0; round < 2; round += 1) {
    const started = performance.now();
    const reply = await app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${account.accountId}/contacts/filter?per_page=1000`,
      headers: { api_access_token: account.token, 'content-type': 'application/json' },
      payload: JSON.stringify({ payload }),
    });
    ms = performance.now() - started;
    status = reply.statusCode;
  }
  process.stdout.write(`${contacts} contacts  ${label.padEnd(32)} ${status}  ${ms.toFixed(0)} ms\n`);
}
await app.close();
await db.close();
