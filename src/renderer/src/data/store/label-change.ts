/**
 * Pending label operations (schema v3, table `labelOps`): the record of a bulk label change that is
 * committed but not yet written into each contact's row. Pure code, importing only pure shared code:
 * the boot script's early read (data/store/early-read.ts) applies pending ops to the rows it loads, before the app's bundle
 * (Dexie, zod) has arrived. The fold and the repository use the same `applyLabelChange`, so the
 * labels announced when the op commits are exactly the labels the fold later stores.
 *
 * Titles in a change are already normalised (lower-case, trimmed) by the repository, and stored
 * labels always are, so applying a change only filters, maps and de-duplicates.
 */
import { sameList } from '../../../../shared/equality';

/** What one bulk op does to each of its contacts' labels. */
export type LabelChange =
  /** Add label / Remove label: `remove` first, then `add` appended (in order, without duplicates). */
  | { kind: 'labels'; add: string[]; remove: string[] }
  /** A label rename: `from` becomes `to` in place. */
  | { kind: 'rename'; from: string; to: string };

/** A row of `labelOps`. */
export interface LabelOp {
  seq: number;
  /** The contacts the op changed (in the op's transaction), folded in this order. */
  ids: string[];
  change: LabelChange;
  /** How many of `ids` the fold has written (crash-resumable: the first `folded` are done). */
  folded: number;
  /** The `updatedAt` the op gave its contacts (the one the change event announced). */
  at: number;
  createdAt: number;
}

export type NewLabelOp = Omit<LabelOp, 'seq' | 'folded'>;

/**
 * A contact's labels after `change`. Idempotent (applying it twice gives the same list), and applied
 * to whatever the labels are now it only adds, removes or renames the op's own titles, so it never
 * undoes another change made to the same contact meanwhile.
 */
export function applyLabelChange(labels: readonly string[], change: LabelChange): string[] {
  const next = new Set<string>();
  if (change.kind === 'rename') {
    for (const label of labels) next.add(label === change.from ? change.to : label);
  } else {
    // A title both added and removed is added (as a put-per-contact change always did): keeping it
    // where it is, rather than moving it to the end, keeps a second application a no-op.
    const remove = new Set(change.remove.filter((label) => !change.add.includes(label)));
    for (const label of labels) if (!remove.has(label)) next.add(label);
    for (const label of change.add) next.add(label);
  }
  return [...next];
}

/** The same titles in the same order (a change that only reorders labels is still a change). */
export const sameLabels: (a: readonly string[], b: readonly string[]) => boolean = sameList;

/** The row a contact has once `op` is folded into it (the same object when nothing changes). */
export function foldedContact<C extends { labels: string[]; updatedAt: number }>(contact: C, op: Pick<LabelOp, 'change' | 'at'>): C {
  const labels = applyLabelChange(contact.labels, op.change);
  if (sameLabels(labels, contact.labels)) return contact;
  return { ...contact, labels, updatedAt: Math.max(contact.updatedAt, op.at) };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isLabelChange(value: unknown): value is LabelChange {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  if (c.kind === 'rename') return typeof c.from === 'string' && typeof c.to === 'string';
  return c.kind === 'labels' && isStringArray(c.add) && isStringArray(c.remove);
}

export function isLabelOp(value: unknown): value is LabelOp {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.seq === 'number' &&
    isStringArray(r.ids) &&
    isLabelChange(r.change) &&
    Number.isInteger(r.folded) &&
    (r.folded as number) >= 0 &&
    (r.folded as number) <= r.ids.length &&
    typeof r.at === 'number' &&
    typeof r.createdAt === 'number'
  );
}

/**
 * Contact rows read while ops were still pending, brought to what the fold will make of them
 * (ops in seq order, each from its `folded` on). Rows not named by an op are returned as they are;
 * the array is copied only when something changes. Invalid op rows are skipped (the fold leaves
 * them for a person to look at).
 */
export function applyPendingLabelOps<C extends { id: string; labels: string[]; updatedAt: number }>(
  contacts: readonly C[],
  ops: readonly unknown[],
): readonly C[] {
  const valid = ops.filter(isLabelOp).sort((a, b) => a.seq - b.seq);
  if (valid.length === 0) return contacts;
  const position = new Map<string, number>();
  contacts.forEach((contact, i) => position.set(contact.id, i));
  const result = [...contacts];
  for (const op of valid) {
    for (let i = op.folded; i < op.ids.length; i++) {
      const at = position.get(op.ids[i]!);
      if (at !== undefined) result[at] = foldedContact(result[at]!, op);
    }
  }
  return result;
}
