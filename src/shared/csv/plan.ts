/**
 * What each row will do: create a contact, update one (existing, or one an earlier row of the same
 * file created), be skipped, or fail. Rows are matched like Chatwoot's import (`ContactManager#
 * find_existing_contact`, notes §3.2): identifier, then email (case-insensitive: emails are stored
 * lower-case), then phone. Unlike Chatwoot, a match never overwrites another person:
 *
 * - A match through a weaker key is refused when the stronger keys disagree: a row whose email is
 *   `b@x` does not update the contact `a@x` because they share a phone (the 23 rows of Chatwoot's
 *   own sample file that share `+15417543011` are 23 people, not one).
 * - A unique value (identifier, email, phone) that already belongs to another contact, in the
 *   database or earlier in the file, is left out of the row with a warning naming its holder, so no
 *   two contacts ever share one (#12325). If nothing then identifies the contact, the row fails.
 * - Rows of the file that match each other are merged into one contact (later non-empty values
 *   win, labels add up), never created twice.
 *
 * The planner only keeps identity keys in memory (not whole contacts), so it scales to 1M rows.
 */
import type { ContactFields } from '../contact';
import { contactDisplayName } from '../contact';
import type { ContactPatch, RowMessage, RowResult } from './rows';

export const DUPLICATE_POLICIES = ['update', 'skip'] as const;
/** "Update existing" (default) or "Skip existing". Creating a second contact with the same key is not offered. */
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

/** What the planner needs to know about a contact already stored. */
export interface ExistingContactKeys {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  identifier: string | null;
}

export type RowPlan =
  | { kind: 'create'; id: string; fields: ContactFields; warnings: RowMessage[] }
  /** `existing`: the target was stored before the import; otherwise an earlier row created it (a merge). */
  | { kind: 'update'; id: string; patch: ContactPatch; existing: boolean; warnings: RowMessage[] }
  | { kind: 'skip'; id: string; warnings: RowMessage[] }
  | { kind: 'fail'; errors: RowMessage[] };

type UniqueKey = 'identifier' | 'email' | 'phone';
const UNIQUE_KEYS: readonly UniqueKey[] = ['identifier', 'email', 'phone'];

interface Target {
  name: string;
  identifier: string | null;
  email: string | null;
  phone: string | null;
  existing: boolean;
  /** The file line that created it (in-file targets). */
  line: number | null;
}

export interface PlannerOptions {
  policy: DuplicatePolicy;
  newId: () => string;
}

export class ImportPlanner {
  private readonly targets = new Map<string, Target>();
  private readonly claims: Record<UniqueKey, Map<string, string>> = {
    identifier: new Map(),
    email: new Map(),
    phone: new Map(),
  };

  constructor(
    existing: Iterable<ExistingContactKeys>,
    private readonly options: PlannerOptions,
  ) {
    for (const contact of existing) {
      const target: Target = {
        name: contactDisplayName({ name: contact.name, email: contact.email, phone: contact.phone }),
        identifier: contact.identifier,
        email: contact.email,
        phone: contact.phone,
        existing: true,
        line: null,
      };
      this.targets.set(contact.id, target);
      for (const key of UNIQUE_KEYS) {
        const value = target[key];
        // An older duplicate already in the database: the first one holds the value.
        if (value !== null && !this.claims[key].has(value)) this.claims[key].set(value, contact.id);
      }
    }
  }

  plan(line: number, row: RowResult): RowPlan {
    if (!row.ok) return { kind: 'fail', errors: row.errors };
    const fields: ContactFields = { ...row.fields };
    const patch: ContactPatch = { ...row.patch };
    const targetId = this.findTarget(fields);
    const target = targetId === undefined ? undefined : this.targets.get(targetId)!;
    if (targetId !== undefined && target?.existing && this.options.policy === 'skip') {
      return { kind: 'skip', id: targetId, warnings: [] };
    }

    const warnings: RowMessage[] = [...row.warnings];
    for (const key of UNIQUE_KEYS) {
      const value = fields[key];
      if (value === null) continue;
      const holderId = this.claims[key].get(value);
      if (holderId === undefined || holderId === targetId) continue;
      const holder = this.targets.get(holderId)!;
      warnings.push({ field: key, code: `${key}-taken`, params: { ...holderParams(holderId, holder), value } });
      fields[key] = null;
      delete patch[key];
    }

    if (targetId === undefined || target === undefined) {
      if (fields.name === '' && fields.email === null && fields.phone === null) {
        return { kind: 'fail', errors: [...warnings, { field: 'contact', code: 'required-one-of' }] };
      }
      const id = this.options.newId();
      const created: Target = {
        name: contactDisplayName(fields),
        identifier: fields.identifier,
        email: fields.email,
        phone: fields.phone,
        existing: false,
        line,
      };
      this.targets.set(id, created);
      for (const key of UNIQUE_KEYS) if (created[key] !== null) this.claims[key].set(created[key], id);
      return { kind: 'create', id, fields, warnings };
    }

    for (const key of UNIQUE_KEYS) {
      const value = patch[key];
      if (value === undefined || value === null || value === target[key]) continue;
      const previous = target[key];
      if (previous !== null && this.claims[key].get(previous) === targetId) this.claims[key].delete(previous);
      this.claims[key].set(value, targetId);
      target[key] = value;
    }
    if (patch.name !== undefined) target.name = patch.name;
    return { kind: 'update', id: targetId, patch, existing: target.existing, warnings };
  }

  /**
   * Identifier, then email, then phone; a candidate found through a weaker key is passed over when
   * a stronger key of the row and of the candidate both have values that differ.
   */
  private findTarget(fields: ContactFields): string | undefined {
    for (let k = 0; k < UNIQUE_KEYS.length; k++) {
      const key = UNIQUE_KEYS[k]!;
      const value = fields[key];
      if (value === null) continue;
      const id = this.claims[key].get(value);
      if (id === undefined) continue;
      const target = this.targets.get(id)!;
      let conflict = false;
      for (let s = 0; s < k; s++) {
        const stronger = UNIQUE_KEYS[s]!;
        if (fields[stronger] !== null && target[stronger] !== null && fields[stronger] !== target[stronger]) conflict = true;
      }
      if (!conflict) return id;
    }
    return undefined;
  }
}

function holderParams(id: string, holder: Target): { id: string; name: string; line?: number } {
  return holder.line === null ? { id, name: holder.name || id } : { id, name: holder.name || id, line: holder.line };
}

/** Applies an update to a contact's fields the import way: non-empty values overwrite, labels and maps add up. */
export function mergePatch(current: ContactFields, patch: ContactPatch): ContactFields {
  const next: ContactFields = { ...current };
  for (const key of Object.keys(patch) as (keyof ContactFields)[]) {
    switch (key) {
      case 'labels':
        if (patch.labels !== undefined) next.labels = [...new Set([...current.labels, ...patch.labels])];
        break;
      case 'customAttributes':
        if (patch.customAttributes !== undefined) next.customAttributes = { ...current.customAttributes, ...patch.customAttributes };
        break;
      case 'socialProfiles':
        if (patch.socialProfiles !== undefined) next.socialProfiles = { ...current.socialProfiles, ...patch.socialProfiles };
        break;
      default:
        copyField(next, patch, key);
    }
  }
  return next;
}

function copyField<K extends keyof ContactFields>(next: ContactFields, patch: ContactPatch, key: K): void {
  const value = patch[key];
  if (value !== undefined) next[key] = value;
}

export interface PlanTotals {
  rows: number;
  create: number;
  update: number;
  merge: number;
  skip: number;
  fail: number;
  /** Rows imported with a value left out or kept as given to check (their `warnings`). */
  warn: number;
}

export function emptyTotals(): PlanTotals {
  return { rows: 0, create: 0, update: 0, merge: 0, skip: 0, fail: 0, warn: 0 };
}

export function countPlan(totals: PlanTotals, plan: RowPlan): void {
  totals.rows++;
  switch (plan.kind) {
    case 'create':
      totals.create++;
      break;
    case 'update':
      if (plan.existing) totals.update++;
      else totals.merge++;
      break;
    case 'skip':
      totals.skip++;
      break;
    case 'fail':
      totals.fail++;
      return;
  }
  if (plan.warnings.length > 0) totals.warn++;
}
