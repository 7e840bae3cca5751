import type { SyncRepository } from '../../store/sync-repository';
import type { SyncContext, SyncParticipant } from '../participant';
import { applyContactFeed, CONTACT_FEED_ENTITIES, contactTotal, pullScan } from './contacts-pull';
import { pushContacts } from './contacts-push';

/**
 * Contacts (docs/sync.md "Push", "Pull"): the first participant, since every other record hangs
 * from a contact. Push: the outbox per record, a few records at once, with idempotency keys under
 * the extension and a lookup before creating again under stock Chatwoot (contacts-push.ts,
 * contacts-write.ts). Pull: the feed's contact changes (extension), or a scan of the contact pages
 * (stock Chatwoot; a full one on a reconcile). A failure reading the contacts ends the run.
 */
export function createContactsParticipant(sync: SyncRepository): SyncParticipant {
  const run = (ctx: SyncContext) => ({ sync, ctx });
  return {
    name: 'contact',
    feedEntities: CONTACT_FEED_ENTITIES,
    push: (ctx) => pushContacts(run(ctx)),
    feedTotal: (ctx) => contactTotal(run(ctx)),
    applyFeed: (changes, ctx) => applyContactFeed(run(ctx), changes),
    async pull(ctx) {
      if (ctx.mode === 'strict') await pullScan(run(ctx), ctx.reconcile);
      return null;
    },
    counts: () => sync.countOutbox(),
    async hasPending() {
      const groups = await sync.sendableContactEntries();
      return (
        groups.some((group) => group.some((e) => e.state === 'pending')) || (await sync.packedCount()) > 0
      );
    },
  };
}
