/** The applied filter's chips above the grid; filled in by the filter builder work. */
export function FilterBar() {
  return null;
}
