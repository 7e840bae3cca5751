import { describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import { emptySearchState, foldAppended, markSearchMatches, prepareSearchText } from './search-text';

const contact = (i: number, name: string): Contact => ({
  ...emptyContactFields(),
  id: `c${i}`,
  name,
  serverId: null,
  createdAt: i,
  lastActivityAt: null,
  updatedAt: 0,
  version: null,
  base: null,
});

function matches(state: ReturnType<typeof emptySearchState>, contacts: Contact[], query: string): number {
  const mask = new Uint8Array(contacts.length);
  markSearchMatches(state, contacts, 1, [query], mask);
  return mask.reduce((sum, bit) => sum + bit, 0);
}

describe('foldAppended', () => {
  it('keeps a few folded haystacks apart, and joins them into the text once there are many', () => {
    const contacts = [contact(0, 'Ana')];
    const state = emptySearchState();
    prepareSearchText(state, contacts, () => 50);
    for (let i = 1; i <= 100; i++) contacts.push(contact(i, `Lote ${i}`));
    expect(foldAppended(state, contacts, () => 50)).toBe(true);
    expect(state.appended).toHaveLength(100);
    expect(state.text?.covered).toBe(1);

    for (let i = 101; i <= 20_000; i++) contacts.push(contact(i, `Lote ${i}`));
    expect(foldAppended(state, contacts, () => 50)).toBe(true);
    expect(state.appended).toHaveLength(0);
    expect(state.text?.covered).toBe(20_001);
    expect(matches(state, contacts, 'lote')).toBe(20_000);

    contacts.push(contact(20_001, 'Lote final'));
    expect(foldAppended(state, contacts, () => 50)).toBe(true);
    expect(matches(state, contacts, 'final')).toBe(1);
    expect(matches(state, contacts, 'ana')).toBe(1);
  });
});
