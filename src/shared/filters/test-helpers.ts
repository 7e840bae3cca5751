import { emptyContactFields, type Contact, type ContactFields } from '../contact';
import { compileFilter, type CompileOptions, type ContactPredicate } from './evaluate';
import { attributesFor, type FilterAttributeDefinition } from './model';
import { validateFilter } from './validate';

/** Shared by the filter tests: a contact with defaults, and "compile this payload or fail loudly". */

export const TEST_DEFINITIONS: readonly FilterAttributeDefinition[] = [
  { key: 'plan', displayName: 'Plan', type: 'list', listValues: ['Free', 'Gold', 'Ñandú'] },
  { key: 'score', displayName: 'Score', type: 'number', listValues: [] },
  { key: 'birthday', displayName: 'Birthday', type: 'date', listValues: [] },
  { key: 'vip', displayName: 'VIP', type: 'checkbox', listValues: [] },
  { key: 'note', displayName: 'Note', type: 'text', listValues: [] },
  { key: 'site', displayName: 'Site', type: 'link', listValues: [] },
];

export const TEST_ATTRIBUTES = attributesFor(TEST_DEFINITIONS);

/** 2025-06-15T12:00:00Z */
export const TEST_NOW = Date.UTC(2025, 5, 15, 12);

export function makeContact(overrides: Partial<Contact> = {}): Contact {
  const fields: ContactFields = emptyContactFields();
  return {
    ...fields,
    id: 'c1',
    serverId: null,
    createdAt: Date.UTC(2025, 0, 1),
    lastActivityAt: null,
    updatedAt: Date.UTC(2025, 0, 1),
    version: null,
    base: null,
    ...overrides,
  };
}

export function compile(payload: unknown, options: Partial<CompileOptions> = {}): ContactPredicate {
  const result = validateFilter(payload, TEST_ATTRIBUTES);
  if (!result.ok) throw new Error(`invalid filter: ${JSON.stringify(result.errors)}`);
  return compileFilter(result.filter, { now: TEST_NOW, timeZone: 'UTC', ...options });
}

/** One-condition payload. */
export function where(attribute_key: string, filter_operator: string, values: unknown[] = []): unknown[] {
  return [{ attribute_key, filter_operator, values, query_operator: null }];
}
