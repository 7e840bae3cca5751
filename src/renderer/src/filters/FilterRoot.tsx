/** App-level part of the filter feature (the builder dialog); filled in by the filter builder work. */
export function FilterRoot() {
  return null;
}
