import type { Repository } from '../../store/repository';
import type { WintookDb } from '../../store/schema';
import type { SyncRepository } from '../../store/sync-repository';
import type { SyncParticipant } from '../participant';
import { createContactsParticipant } from './contacts';
import { createMessagesParticipant } from './messages';
import { createNotesParticipant } from './notes';
import { createAttributeDefinitionParticipant, createLabelParticipant, createSegmentParticipant } from './records';

export interface SyncParticipantsOptions {
  /** The contacts whose conversations are read (participants/messages.ts `watched`). */
  watchedContacts?: () => string[];
  /** The sync repository the participants use, when not `repository.sync` (the worker's settles label ops first). */
  sync?: SyncRepository;
}

/**
 * Every kind of record the engine syncs, in the order they push and pull (contacts first: every
 * other record hangs from one; definitions before the records that use them). One line per participant.
 */
export function createSyncParticipants(db: WintookDb, repository: Repository, options: SyncParticipantsOptions = {}): SyncParticipant[] {
  const sync = options.sync ?? repository.sync;
  return [
    createContactsParticipant(sync),
    createLabelParticipant(sync),
    createAttributeDefinitionParticipant(sync),
    createSegmentParticipant(sync),
    createNotesParticipant(sync),
    // Last: a message waits for its contact, which the contacts' push (first) creates.
    createMessagesParticipant(db, repository.messages, { watched: options.watchedContacts }),
  ];
}
