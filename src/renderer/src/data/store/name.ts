/** The app's one IndexedDB database; its own module so the boot script can read it without Dexie. */
export const DEFAULT_DB_NAME = 'wintook-contacts';
