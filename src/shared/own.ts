/**
 * Lookups keyed by user data (custom attribute keys, CSV headers, label titles). A plain object
 * answers `record["constructor"]` with `Object`'s own function, so an attribute named "constructor"
 * or "toString" would read as a value nobody set and export as `function Object() { [native code] }`
 * (issue 17). Only what the record itself holds counts.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
