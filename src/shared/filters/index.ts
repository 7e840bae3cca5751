/** The contact filter: model and schemas, validation, the one evaluator. Semantics: docs/filters.md. */
export * from './model';
export * from './validate';
export * from './evaluate';
