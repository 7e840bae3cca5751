/**
 * The data floor's public face: everything a feature folder (components and UI stores) may use from
 * `data/`. Features reach the store, sync, import and the indexes through `Services` and these
 * names only; ESLint refuses any other import of `data/` from a feature (eslint.config.js, "zones").
 */
export type { Services } from './services';

export { ATTRIBUTE_COLUMN_PREFIX, isSortColumn, type ContactIndex, type SortState, type ViewQuery } from './index/contact-index';
export { compileWithFoldCache } from './index/fold-cache';
export type { NoteIndex } from './notes/note-index';
export { notesServiceOf } from './notes/notes-service';

export { RepositoryError, type Repository } from './store/repository';
export { isQuotaError } from './store/storage-errors';
export { InvalidNoteError, NOTE_MAX_LENGTH } from './store/notes-repository';
export type { QuarantinedRecord } from './store/quarantine';
export { CONTACT_FIELD_KEYS } from './store/contact-fields';
export { DELETED_ON_SERVER_FIELD } from './store/sync-repository';
export { NOTE_CONFLICT_PREFIX } from './store/sync-records-repository';
export type { ChangedContact, UndoOutcome, UndoPlan } from './store/import-repository';
export type { ConversationView, MessagesRepository } from './store/messages-repository';

export { STATE_KEYS, type ServerMode, type SyncStatus } from './sync/engine';
export { notifyConnectionChanged, type AppSync } from './sync/sync-service';
export { requestNotesRefresh } from './sync/participants/notes';
export { watchContactConversations } from './sync/participants/messages';

export { errorReport, getImport, getImports, getProblems, getUndoPlan, reopenUndoneImport } from './import/history';
export { releaseWarmWorker, startWorkerJob, type WorkerJob } from './import/client';
export type { PreviewRow } from './import/protocol';
