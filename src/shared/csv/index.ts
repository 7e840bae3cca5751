/** CSV import and export: pure, shared by the import worker, the UI and the tests. */
export * from './encoding';
export * from './delimiter';
export * from './parser';
export * from './mapping';
export * from './rows';
export * from './plan';
export * from './export';
export * from './pipeline';
