import type { Contact, CustomAttributeValue } from '../contact';
import { contactCountryKey } from '../countries';
import {
  dayNumber,
  foldText,
  parseFilterNumber,
  parseIsoDay,
  readQueryOperator,
  startOfDay,
  type FilterAttribute,
  type StandardTextField,
} from './model';
import { singleValue, type ValidCondition, type ValidFilter } from './validate';
import { ownValue } from '../own';

/**
 * The one meaning of a contact filter (docs/filters.md says it in words). A valid filter is compiled
 * once into a plain predicate: values are folded and dates turned into epoch-ms bounds at compile
 * time, so evaluating a contact allocates nothing beyond folding its text fields, and each AND chain
 * stops at the first false condition (cheap conditions first).
 */

/**
 * `position` is passed through to `fold` untouched: a caller that keeps folded keys in arrays parallel
 * to its contact array calls `predicate(contacts[i], i)` and reads `keys[position]` in `fold`.
 */
export type ContactPredicate = (contact: Contact, position?: number) => boolean;

/**
 * The folded text of a text, link or list attribute of a contact. A replacement (the renderer's
 * index, with keys folded in advance) must return exactly `defaultFold(contact, attribute)`.
 * `position` is whatever the caller passed as the predicate's second argument.
 */
export type FoldField = (contact: Contact, attribute: FilterAttribute, position?: number) => string;

export interface CompileOptions {
  /** "Now" (epoch ms), for "More than N days ago". */
  now: number;
  /** IANA time zone whose calendar days date conditions use; the runtime's own when absent. */
  timeZone?: string;
  fold?: FoldField;
}

function customText(value: CustomAttributeValue | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/** The raw text a text, link or list attribute holds for `contact` ("" when it has none). */
export function rawText(contact: Contact, attribute: FilterAttribute): string {
  if (attribute.kind === 'custom') return customText(ownValue(contact.customAttributes, attribute.key));
  switch (attribute.field) {
    case 'name':
    case 'email':
    case 'phone':
    case 'identifier':
    case 'city':
    case 'company':
      return contact[attribute.field] ?? '';
    default:
      return '';
  }
}

export const defaultFold: FoldField = (contact, attribute) => foldText(rawText(contact, attribute));

/** Fast path of `defaultFold`: one accessor per attribute, chosen at compile time. */
function defaultReader(attribute: FilterAttribute): (contact: Contact) => string {
  if (attribute.kind === 'custom') {
    const key = attribute.key;
    return (contact) => foldText(customText(ownValue(contact.customAttributes, key)));
  }
  const field = attribute.field as StandardTextField;
  switch (field) {
    case 'name':
      return (contact) => foldText(contact.name);
    case 'email':
      return (contact) => foldText(contact.email);
    case 'phone':
      return (contact) => foldText(contact.phone);
    case 'identifier':
      return (contact) => foldText(contact.identifier);
    case 'city':
      return (contact) => foldText(contact.city);
    case 'company':
      return (contact) => foldText(contact.company);
  }
}

/** A checkbox is checked when it holds `true` or the text "true"; anything else, missing included, is unchecked. */
export function isChecked(value: CustomAttributeValue | undefined): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

/** Index lists of the OR groups: each group is an AND chain (AND binds tighter than OR). */
/** The conditions of a valid filter in their AND chains, grouped as {@link groupConditions} groups rows. */
export function conditionChains(conditions: readonly ValidCondition[]): ValidCondition[][] {
  const chains: ValidCondition[][] = [];
  for (const indices of groupConditions(conditions.map((condition) => ({ query_operator: condition.queryOperator })))) {
    chains.push(conditions.filter((_, index) => indices.includes(index)));
  }
  return chains;
}

export function groupConditions(rows: ReadonlyArray<{ query_operator?: unknown }>): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  rows.forEach((row, index) => {
    current.push(index);
    // A missing or unreadable operator groups like AND: the builder shows the row joined and marks it.
    if (index < rows.length - 1 && readQueryOperator(row.query_operator) === 'or') {
      groups.push(current);
      current = [];
    }
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

interface CompiledCondition {
  test: ContactPredicate;
  /** Relative cost, to run cheap conditions first inside an AND chain. */
  cost: number;
}

type TextReader = (contact: Contact, position?: number) => string;

function compileText(condition: ValidCondition, read: TextReader): ContactPredicate {
  const values = condition.values.map(foldText);
  const first = values[0];
  switch (condition.operator) {
    case 'equal_to':
      return values.length === 1
        ? (contact, position) => read(contact, position) === first
        : (contact, position) => values.includes(read(contact, position));
    case 'not_equal_to':
      return (contact, position) => {
        const folded = read(contact, position);
        return folded === '' || !values.includes(folded);
      };
    case 'contains':
      return (contact, position) => {
        const folded = read(contact, position);
        for (const value of values) if (folded.includes(value)) return true;
        return false;
      };
    case 'does_not_contain':
      return (contact, position) => {
        const folded = read(contact, position);
        for (const value of values) if (folded.includes(value)) return false;
        return true;
      };
    case 'is_present':
      return (contact, position) => read(contact, position) !== '';
    case 'is_not_present':
      return (contact, position) => read(contact, position) === '';
    default:
      throw new Error(`operator ${condition.operator} on text`);
  }
}

function compileCountry(condition: ValidCondition): ContactPredicate {
  const values = new Set(condition.values);
  const read = contactCountryKey;
  switch (condition.operator) {
    case 'equal_to':
      return (contact) => values.has(read(contact));
    case 'not_equal_to':
      return (contact) => !values.has(read(contact));
    case 'is_present':
      return (contact) => read(contact) !== '';
    case 'is_not_present':
      return (contact) => read(contact) === '';
    default:
      throw new Error(`operator ${condition.operator} on country`);
  }
}

/** Contact labels are lower-case by the model's rule (src/shared/contact.ts), so they compare as they are. */
function compileLabels(condition: ValidCondition): ContactPredicate {
  const values = new Set(condition.values);
  const hasAny = (contact: Contact): boolean => {
    for (const label of contact.labels) if (values.has(label)) return true;
    return false;
  };
  switch (condition.operator) {
    case 'equal_to':
      return hasAny;
    case 'not_equal_to':
      return (contact) => !hasAny(contact);
    case 'is_present':
      return (contact) => contact.labels.length > 0;
    case 'is_not_present':
      return (contact) => contact.labels.length === 0;
    default:
      throw new Error(`operator ${condition.operator} on labels`);
  }
}

function compileStandardDate(condition: ValidCondition, field: 'createdAt' | 'lastActivityAt', options: CompileOptions): ContactPredicate {
  const read = field === 'createdAt' ? (contact: Contact) => contact.createdAt : (contact: Contact) => contact.lastActivityAt;
  const { timeZone } = options;
  switch (condition.operator) {
    case 'is_greater_than': {
      // After day D = on day D + 1 or later.
      const bound = startOfDay((parseIsoDay(singleValue(condition)) as number) + 1, timeZone);
      return (contact) => {
        const time = read(contact);
        return time !== null && time >= bound;
      };
    }
    case 'is_less_than': {
      const bound = startOfDay(parseIsoDay(singleValue(condition)) as number, timeZone);
      return (contact) => {
        const time = read(contact);
        return time !== null && time < bound;
      };
    }
    case 'days_before': {
      const bound = startOfDay(dayNumber(options.now, timeZone) - Number(condition.values[0]), timeZone);
      return (contact) => {
        const time = read(contact);
        return time !== null && time < bound;
      };
    }
    case 'is_present':
      return (contact) => Number.isFinite(read(contact));
    case 'is_not_present':
      return (contact) => !Number.isFinite(read(contact));
    default:
      throw new Error(`operator ${condition.operator} on date`);
  }
}

function compileCustomDate(condition: ValidCondition, key: string, options: CompileOptions): ContactPredicate {
  const read = (contact: Contact): number | null => {
    const value = ownValue(contact.customAttributes, key);
    return typeof value === 'string' ? parseIsoDay(value, false) : null;
  };
  switch (condition.operator) {
    case 'is_greater_than': {
      const day = parseIsoDay(singleValue(condition)) as number;
      return (contact) => {
        const value = read(contact);
        return value !== null && value > day;
      };
    }
    case 'is_less_than': {
      const day = parseIsoDay(singleValue(condition)) as number;
      return (contact) => {
        const value = read(contact);
        return value !== null && value < day;
      };
    }
    case 'days_before': {
      const day = dayNumber(options.now, options.timeZone) - Number(condition.values[0]);
      return (contact) => {
        const value = read(contact);
        return value !== null && value < day;
      };
    }
    case 'is_present':
      return (contact) => read(contact) !== null;
    case 'is_not_present':
      return (contact) => read(contact) === null;
    default:
      throw new Error(`operator ${condition.operator} on date`);
  }
}

function compileNumber(condition: ValidCondition, key: string): ContactPredicate {
  const values = condition.values.map(Number);
  const read = (contact: Contact): number | null => parseFilterNumber(ownValue(contact.customAttributes, key));
  switch (condition.operator) {
    case 'equal_to':
      return (contact) => {
        const value = read(contact);
        return value !== null && values.includes(value);
      };
    case 'not_equal_to':
      return (contact) => {
        const value = read(contact);
        return value === null || !values.includes(value);
      };
    case 'is_greater_than': {
      const bound = Number(singleValue(condition));
      return (contact) => {
        const value = read(contact);
        return value !== null && value > bound;
      };
    }
    case 'is_less_than': {
      const bound = Number(singleValue(condition));
      return (contact) => {
        const value = read(contact);
        return value !== null && value < bound;
      };
    }
    default:
      throw new Error(`operator ${condition.operator} on number`);
  }
}

function compileBoolean(condition: ValidCondition): ContactPredicate {
  const { attribute } = condition;
  const key = attribute.key;
  const read = attribute.kind === 'standard' ? (contact: Contact) => contact.blocked === true : (contact: Contact) => isChecked(ownValue(contact.customAttributes, key));
  const matchesTrue = condition.values.includes('true');
  const matchesFalse = condition.values.includes('false');
  switch (condition.operator) {
    case 'equal_to':
      return (contact) => (read(contact) ? matchesTrue : matchesFalse);
    case 'not_equal_to':
      return (contact) => (read(contact) ? !matchesTrue : !matchesFalse);
    default:
      throw new Error(`operator ${condition.operator} on boolean`);
  }
}

function compileCondition(condition: ValidCondition, options: CompileOptions): CompiledCondition {
  const { attribute } = condition;
  switch (attribute.dataType) {
    case 'text':
    case 'list': {
      const fold = options.fold;
      const read: TextReader = fold ? (contact, position) => fold(contact, attribute, position) : defaultReader(attribute);
      const cost = condition.operator === 'contains' || condition.operator === 'does_not_contain' ? 6 : 5;
      return { test: compileText(condition, read), cost };
    }
    case 'country':
      return { test: compileCountry(condition), cost: 3 };
    case 'labels':
      return { test: compileLabels(condition), cost: 2 };
    case 'number':
      return { test: compileNumber(condition, attribute.key), cost: 2 };
    case 'boolean':
      return { test: compileBoolean(condition), cost: 1 };
    case 'date':
      if (attribute.kind === 'custom') return { test: compileCustomDate(condition, attribute.key, options), cost: 2 };
      return { test: compileStandardDate(condition, attribute.field === 'createdAt' ? 'createdAt' : 'lastActivityAt', options), cost: 1 };
  }
}

function every(tests: readonly ContactPredicate[]): ContactPredicate {
  const [a, b] = tests;
  if (tests.length === 1 && a) return a;
  if (tests.length === 2 && a && b) {
    return (contact, position) => a(contact, position) && b(contact, position);
  }
  return (contact, position) => {
    for (const test of tests) if (!test(contact, position)) return false;
    return true;
  };
}

function some(tests: readonly ContactPredicate[]): ContactPredicate {
  const [a, b] = tests;
  if (tests.length === 1 && a) return a;
  if (tests.length === 2 && a && b) {
    return (contact, position) => a(contact, position) || b(contact, position);
  }
  return (contact, position) => {
    for (const test of tests) if (test(contact, position)) return true;
    return false;
  };
}

/**
 * The predicate of a valid filter: OR of AND chains, in Chatwoot's precedence
 * (`A OR B AND C` = `A OR (B AND C)`). Evaluation order inside a chain is by cost, which cannot
 * change the result: every condition is a pure test.
 */
export function compileFilter(filter: ValidFilter, options: CompileOptions): ContactPredicate {
  const { conditions } = filter;
  if (conditions.length === 0) return () => true;
  const chains = conditionChains(conditions).map((chain) => {
    const compiled = chain.map((condition) => compileCondition(condition, options));
    compiled.sort((a, b) => a.cost - b.cost);
    return { test: every(compiled.map((item) => item.test)), cost: compiled.reduce((sum, item) => sum + item.cost, 0) };
  });
  chains.sort((a, b) => a.cost - b.cost);
  return some(chains.map((chain) => chain.test));
}
