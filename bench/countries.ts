/**
 * Micro-benchmark of the Country filter's per-contact key (src/shared/countries) over 100k demo
 * contacts: all with a code, and half keeping only a name (rows stored before the country model).
 * Run: `npx tsx bench/countries.ts`; prints the median of 7 runs after 3 warm-ups.
 */
import { contactCountryKey } from '../src/shared/countries';
import { generateContacts } from '../src/shared/demo/contacts';

const contacts = generateContacts(100_000, { seed: 7 });
const nameOnly = contacts.map((contact, i) => (i % 2 === 1 ? { ...contact, countryCode: null } : contact));

function median(label: string, run: () => number): void {
  for (let i = 0; i < 3; i++) run();
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`${label}: ${times[3]!.toFixed(1)} ms\n`);
}

const countSpain = (rows: readonly { country: string | null; countryCode: string | null }[]) => () => {
  let count = 0;
  for (const row of rows) if (contactCountryKey(row) === 'ES') count++;
  return count;
};

median('Country = ES over 100k contacts with a code', countSpain(contacts));
median('Country = ES over 100k contacts, half with only a name', countSpain(nameOnly));
