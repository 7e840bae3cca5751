/** "Segments" in the sidebar; filled in by the filter builder work. */
export function SegmentsNav() {
  return null;
}
