/** Header actions of the filter feature (Filter, Save filter); filled in by the filter builder work. */
export function FilterActions() {
  return null;
}
