import { ownValue } from '../../../shared/own';
import type { ContactIndex } from '../data/api';

/** How many contacts hold a value for `key`, and how many hold each value (for list attributes). */
export function valueUsage(index: ContactIndex, key: string): { total: number; byValue: Map<string, number> } {
  let total = 0;
  const byValue = new Map<string, number>();
  for (const contact of index.all()) {
    const value = ownValue(contact.customAttributes, key);
    if (value === undefined || value === null || value === '') continue;
    total++;
    if (typeof value === 'string') byValue.set(value, (byValue.get(value) ?? 0) + 1);
  }
  return { total, byValue };
}

/** The id of an attribute's Edit button: focus goes back to it when its form closes. */
export const editButtonId = (definitionId: string) => `edit-attribute-${definitionId}`;
