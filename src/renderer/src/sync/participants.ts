import type { Repository } from '../db/repository';
import type { WintookDb } from '../db/schema';
import type { SyncParticipant } from './engine';

/**
 * Every kind of record the engine syncs besides contacts, in the order they push and pull
 * (definitions before the records that use them). One line per participant.
 */
export function createSyncParticipants(db: WintookDb, repository: Repository): SyncParticipant[] {
  void db;
  void repository;
  return [];
}
