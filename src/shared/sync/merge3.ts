import { CONTACT_SCALAR_FIELDS, type ContactFields } from '../contact';
import { sameJsonValue, sameSet } from '../equality';
import { ownValue } from '../own';

export { sameJsonValue, sameSet as sameLabelSet };

/**
 * Three-way merge of a contact against the last server snapshot (`base`), per field — per key for
 * `customAttributes` and `socialProfiles`, per title for `labels` (a set) — the Dexie.Syncable
 * rule (sync-and-performance-notes.md §1.2): a field changed on one side only takes that side's
 * value; changed on both sides to different values keeps the server's and reports a conflict, so
 * nothing is lost silently. Labels never conflict: local additions and removals are replayed on
 * the server's set.
 */

export interface FieldConflict {
  /** A `ContactFields` key, or `customAttributes.<key>` / `socialProfiles.<network>`. */
  field: string;
  localValue: unknown;
  serverValue: unknown;
}

export interface MergeResult {
  merged: ContactFields;
  conflicts: FieldConflict[];
  /** Fields (same naming) whose merged value differs from the server's: what still has to be pushed. */
  localOnly: string[];
}

const SCALAR_FIELDS = CONTACT_SCALAR_FIELDS;

type Pick3<V> = { value: V; conflict: boolean; local: boolean };

function pick<V>(base: V | undefined, local: V, server: V, hasBase: boolean): Pick3<V> {
  if (sameJsonValue(local, server)) return { value: server, conflict: false, local: false };
  if (hasBase && sameJsonValue(local, base)) return { value: server, conflict: false, local: false };
  if (hasBase && sameJsonValue(server, base)) return { value: local, conflict: false, local: true };
  return { value: server, conflict: true, local: false };
}

function mergeMap<V>(
  prefix: string,
  base: Record<string, V> | null,
  local: Record<string, V>,
  server: Record<string, V>,
  result: { conflicts: FieldConflict[]; localOnly: string[] },
): Record<string, V> {
  const out: Record<string, V> = {};
  const keys = new Set([...Object.keys(base ?? {}), ...Object.keys(local), ...Object.keys(server)]);
  // A key set to null and an absent key both mean "no value" (Chatwoot keeps nulls, the UI removes keys).
  // Own keys only: an attribute named "constructor" is not Object's (issue 17).
  const at = (map: Record<string, V> | null, key: string): unknown => (map ? (ownValue(map, key) ?? null) : undefined);
  for (const key of keys) {
    const chosen = pick(at(base, key) ?? null, at(local, key), at(server, key), base !== null);
    const field = `${prefix}.${key}`;
    if (chosen.conflict) result.conflicts.push({ field, localValue: at(local, key), serverValue: at(server, key) });
    if (chosen.local) result.localOnly.push(field);
    // The key is kept as the chosen side has it: present (even null) or absent.
    const side = chosen.local ? local : server;
    if (Object.hasOwn(side, key) && side[key] !== undefined) Object.defineProperty(out, key, { value: side[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Local additions and removals since `base`, replayed on the server's list (server order first). */
export function mergeLabels(base: readonly string[], local: readonly string[], server: readonly string[]): string[] {
  const before = new Set(base);
  const mine = new Set(local);
  const added = local.filter((title) => !before.has(title));
  const removed = new Set([...before].filter((title) => !mine.has(title)));
  const out = server.filter((title) => !removed.has(title));
  for (const title of added) if (!out.includes(title)) out.push(title);
  return out;
}

/**
 * `base` null means there is no common ancestor (a record never synced): every differing field
 * is a conflict and the server's value is kept.
 */
export function mergeContact(base: ContactFields | null, local: ContactFields, server: ContactFields): MergeResult {
  const result = { conflicts: [] as FieldConflict[], localOnly: [] as string[] };
  const merged: ContactFields = { ...server };
  for (const field of SCALAR_FIELDS) mergeScalar(field, base, local, server, merged, result);
  merged.customAttributes = mergeMap('customAttributes', base?.customAttributes ?? null, local.customAttributes, server.customAttributes, result);
  merged.socialProfiles = mergeMap('socialProfiles', base?.socialProfiles ?? null, local.socialProfiles, server.socialProfiles, result);
  // Without a base, labels are united: a set has no conflicting values, only additions.
  const labels = mergeLabels(base?.labels ?? [], local.labels, server.labels);
  if (!sameSet(labels, server.labels)) result.localOnly.push('labels');
  merged.labels = labels;
  return { merged, ...result };
}

/** One single-value field of `mergeContact`, written into `merged`. */
function mergeScalar<K extends (typeof SCALAR_FIELDS)[number]>(
  field: K,
  base: ContactFields | null,
  local: ContactFields,
  server: ContactFields,
  merged: ContactFields,
  result: { conflicts: FieldConflict[]; localOnly: string[] },
): void {
  const chosen = pick(base ? base[field] : undefined, local[field], server[field], base !== null);
  if (chosen.conflict) result.conflicts.push({ field, localValue: local[field], serverValue: server[field] });
  if (chosen.local) result.localOnly.push(field);
  merged[field] = chosen.value;
}

/** The top-level `ContactFields` key a merge field name belongs to (`customAttributes.plan` → `customAttributes`). */
export function topLevelField(field: string): keyof ContactFields {
  const dot = field.indexOf('.');
  return (dot === -1 ? field : field.slice(0, dot)) as keyof ContactFields;
}
