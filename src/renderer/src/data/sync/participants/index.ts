import type { Repository } from '../../store/repository';
import type { WintookDb } from '../../store/schema';
import type { SyncParticipant } from '../engine';
import { createMessagesParticipant } from './messages';
import { createNotesParticipant } from './notes';
import { createAttributeDefinitionParticipant, createLabelParticipant, createSegmentParticipant } from './records';

/**
 * Every kind of record the engine syncs besides contacts, in the order they push and pull
 * (definitions before the records that use them). One line per participant.
 */
export function createSyncParticipants(db: WintookDb, repository: Repository, options: { watchedContacts?: () => string[] } = {}): SyncParticipant[] {
  return [
    createLabelParticipant(repository.sync),
    createAttributeDefinitionParticipant(repository.sync),
    createSegmentParticipant(repository.sync),
    createNotesParticipant(repository.sync),
    // Last: a message waits for its contact, which the contacts' push (before every participant) creates.
    createMessagesParticipant(db, repository.messages, { watched: options.watchedContacts }),
  ];
}
