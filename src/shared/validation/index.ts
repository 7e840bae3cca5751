/** Contact validation and normalisation, shared by the contact form, the CSV import and the server. */
export * from './codes';
export * from './normalize';
export * from './attributes';
export * from './contact';
