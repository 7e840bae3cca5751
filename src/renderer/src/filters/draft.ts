import {
  groupConditions,
  readQueryOperator,
  validateFilter,
  type FilterAttribute,
  type FilterError,
  type FilterOperator,
  type FilterPayload,
  type QueryOperator,
  type ValidFilter,
} from '../../../shared/filters';

/**
 * The filter builder's working copy: one row per condition, as the person edits it. It becomes
 * Chatwoot's payload (`toPayload`) only to validate and apply; a stored payload becomes rows again
 * (`fromPayload`) to edit. Pure, so the builder's rules are tested without a DOM.
 */
export interface DraftRow {
  /** Stable React key; never stored. */
  id: string;
  attribute: string;
  operator: FilterOperator;
  values: string[];
  /** How this row joins the next one; ignored on the last row. */
  join: QueryOperator;
  /**
   * The date input held something that is no date (the browser reports it as `badInput` and gives
   * an empty value): reported as an invalid date rather than as a missing one.
   */
  badDate?: boolean;
}

let nextRowId = 0;
export function newRowId(): string {
  nextRowId += 1;
  return `row-${nextRowId}`;
}

/** Operators that take no value. */
export function takesNoValue(operator: FilterOperator): boolean {
  return operator === 'is_present' || operator === 'is_not_present';
}

/** A fresh row for `attribute`: its first operator, no value (a checkbox starts at "true"). */
export function newRow(attribute: FilterAttribute, join: QueryOperator = 'and'): DraftRow {
  return {
    id: newRowId(),
    attribute: attribute.key,
    operator: attribute.operators[0],
    values: attribute.dataType === 'boolean' ? ['true'] : [],
    join,
  };
}

/** Values that still make sense after the operator changes; others are dropped. */
function valuesForOperator(attribute: FilterAttribute, operator: FilterOperator, values: string[]): string[] {
  if (takesNoValue(operator)) return [];
  if (attribute.dataType === 'date') {
    // "More than N days ago" takes a number of days, the others a date: the old value means nothing.
    return [];
  }
  return values;
}

/** Changing the attribute resets operator and values (they belong to the old attribute's type). */
export function withAttribute(row: DraftRow, attribute: FilterAttribute): DraftRow {
  if (row.attribute === attribute.key) return row;
  return { ...newRow(attribute, row.join), id: row.id };
}

export function withOperator(row: DraftRow, attribute: FilterAttribute, operator: FilterOperator): DraftRow {
  if (row.operator === operator) return row;
  const sameKind =
    attribute.dataType === 'date' && (row.operator === 'days_before') === (operator === 'days_before');
  const values =
    sameKind && !takesNoValue(operator) ? row.values : valuesForOperator(attribute, operator, row.values);
  return { ...row, operator, values, badDate: sameKind ? row.badDate : false };
}

/** Removes row `index`; the row before it keeps its own join. */
export function removeRow(rows: readonly DraftRow[], index: number): DraftRow[] {
  return rows.filter((_, position) => position !== index);
}

export function toPayload(rows: readonly DraftRow[]): FilterPayload {
  return rows.map((row, index) => ({
    attribute_key: row.attribute,
    filter_operator: row.operator,
    values: takesNoValue(row.operator) ? [] : row.values,
    query_operator: index < rows.length - 1 ? row.join : null,
  }));
}

/** Rows to edit from a stored payload (as it comes from a segment: unknown until checked). */
export function fromPayload(payload: readonly unknown[]): DraftRow[] {
  const rows: DraftRow[] = [];
  for (const item of payload) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    const rawValues = record.values;
    const list =
      rawValues === undefined || rawValues === null ? [] : Array.isArray(rawValues) ? rawValues : [rawValues];
    const values = list
      .map((value: unknown) =>
        typeof value === 'object' && value !== null && 'id' in value
          ? String((value).id)
          : String(value),
      )
      .filter((value) => value.trim() !== '');
    rows.push({
      id: newRowId(),
      attribute: typeof record.attribute_key === 'string' ? record.attribute_key : '',
      operator: (typeof record.filter_operator === 'string'
        ? record.filter_operator
        : 'equal_to') as FilterOperator,
      values,
      join: readQueryOperator(record.query_operator) ?? 'and',
    });
  }
  return rows;
}

export type DraftValidation = { ok: true; filter: ValidFilter } | { ok: false; errors: FilterError[] };

/**
 * Validates the rows as the shared validator does, plus what only the builder knows: a date input
 * the browser could not read is an invalid date, not a missing one.
 */
export function validateDraft(
  rows: readonly DraftRow[],
  attributes: readonly FilterAttribute[],
): DraftValidation {
  const result = validateFilter(toPayload(rows), attributes);
  const badDates: FilterError[] = [];
  rows.forEach((row, index) => {
    if (
      row.badDate &&
      !takesNoValue(row.operator) &&
      row.operator !== 'days_before' &&
      row.values.length === 0
    ) {
      badDates.push({
        index,
        code: 'invalid-date',
        params: { attribute: row.attribute, operator: row.operator, value: '' },
      });
    }
  });
  if (badDates.length === 0) return result;
  const others = result.ok
    ? []
    : result.errors.filter(
        (error) => !badDates.some((bad) => bad.index === error.index && error.code === 'value-required'),
      );
  return { ok: false, errors: [...others, ...badDates].sort((a, b) => a.index - b.index) };
}

/** The AND chains of the rows (row indices), OR-ed together: how the builder and the chips group them. */
export function draftGroups(rows: readonly DraftRow[]): number[][] {
  return groupConditions(
    rows.map((row, index) => ({ query_operator: index < rows.length - 1 ? row.join : null })),
  );
}

/** Whether two payloads say the same thing (normalised payloads compare as JSON). */
export function samePayload(a: readonly unknown[] | null, b: readonly unknown[] | null): boolean {
  if (a === null || b === null) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}
