/** App-level part of the import feature (dialogs, drop overlay); filled in by the CSV import work. */
export function ImportRoot() {
  return null;
}
