/** Header actions of the import/export feature (Import, Export); filled in by the CSV import work. */
export function ImportExportActions() {
  return null;
}
