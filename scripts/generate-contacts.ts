/**
 * Writes deterministic demo contacts as a Chatwoot import CSV (or as Contact JSON), in chunks, so a
 * million rows never sit in memory at once.
 *
 *   npm run generate -- --count 100000 --seed 1 --out tmp/contacts-100k.csv
 *   npm run generate -- --count 1000 --json            (→ tmp/contacts-1000.json)
 */
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import {
  DEMO_ATTRIBUTE_DEFINITIONS,
  DEMO_MAX_UNIQUE_ROWS,
  csvHeader,
  csvRows,
  generateContacts,
} from '../src/shared/demo/contacts';

/** Rows per chunk: 10k rows are ~2 MB of CSV, small next to the ~100 MB a million rows take. */
const CHUNK_ROWS = 10_000;

const usage = `Usage: npm run generate -- [--count N] [--seed N] [--now ISO-date] [--json] [--out FILE]
  --count  number of contacts (default 10000, at most ${DEMO_MAX_UNIQUE_ROWS})
  --seed   PRNG seed (default 1); the same seed gives the same file
  --now    the instant createdAt is spread back from (default: the generator's fixed DEMO_NOW)
  --json   write a JSON array of Contact objects instead of Chatwoot CSV
  --out    output file (default tmp/contacts-<count>.csv or .json)`;

function parseInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    console.error(`--${name} must be an integer, got "${text}"\n\n${usage}`);
    process.exit(2);
  }
  return value;
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        count: { type: 'string' },
        seed: { type: 'string' },
        now: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(usage);
    return;
  }
  const count = parseInteger('count', values.count, 10_000);
  const seed = parseInteger('seed', values.seed, 1);
  if (count < 0 || count > DEMO_MAX_UNIQUE_ROWS) {
    console.error(`--count must be between 0 and ${DEMO_MAX_UNIQUE_ROWS}`);
    process.exit(2);
  }
  let now: number | undefined;
  if (values.now !== undefined) {
    now = Date.parse(values.now);
    if (Number.isNaN(now)) {
      console.error(`--now must be a date, got "${values.now}"`);
      process.exit(2);
    }
  }
  const json = values.json ?? false;
  const out = resolve(values.out ?? `tmp/contacts-${count}.${json ? 'json' : 'csv'}`);
  mkdirSync(dirname(out), { recursive: true });

  const started = performance.now();
  const stream = createWriteStream(out, { encoding: 'utf8' });
  const customAttributeKeys = DEMO_ATTRIBUTE_DEFINITIONS.map((definition) => definition.key);
  await write(stream, json ? '[' : csvHeader({ customAttributeKeys }));
  for (let startIndex = 0; startIndex < count; startIndex += CHUNK_ROWS) {
    const contacts = generateContacts(Math.min(CHUNK_ROWS, count - startIndex), { seed, now, startIndex });
    if (json) {
      const body = contacts.map((contact) => JSON.stringify(contact)).join(',\n');
      await write(stream, (startIndex === 0 ? '\n' : ',\n') + body);
    } else {
      await write(stream, csvRows(contacts, { customAttributeKeys }));
    }
  }
  if (json) await write(stream, '\n]\n');
  stream.end();
  await once(stream, 'finish');

  const bytes = statSync(out).size;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Wrote ${count} contacts (seed ${seed}, ${json ? 'JSON' : 'Chatwoot CSV'}) to ${out}: ` +
      `${(bytes / 1024 / 1024).toFixed(1)} MiB (${bytes} bytes) in ${seconds.toFixed(1)} s`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
