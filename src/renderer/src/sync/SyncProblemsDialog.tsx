import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttributeDefinition, Label, Note, OutboxEntry, Segment } from '../../../shared/records';
import { explainServerMessage, knownServerError } from '../../../shared/sync/server-messages';
import { Dialog } from '../ui/Dialog';
import { problemSubject, type ProblemLookup, type ProblemSubject } from './problemSubject';
import { type AppSync } from '../data/api';
import { useListOnStatus } from './useListOnStatus';

interface Problem {
  entry: OutboxEntry;
  subject: ProblemSubject;
}

async function loadProblems(appSync: AppSync): Promise<Problem[]> {
  const { sync } = appSync;
  const lookup: ProblemLookup = {
    contactName: async (id) => (await sync.getContact(id))?.name || undefined,
    noteContactId: async (id) => ((await sync.records.get('note', id)) as Note | undefined)?.contactId,
    async recordName(entity, id) {
      const record = (await sync.records.get(entity, id)) as
        Partial<Label & AttributeDefinition & Segment> | undefined;
      return record?.title ?? record?.displayName ?? record?.name;
    },
  };
  const entries = await sync.rejectedEntries();
  return Promise.all(entries.map(async (entry) => ({ entry, subject: await problemSubject(entry, lookup) })));
}

/** Chatwoot's attribute names that are contact fields (their labels are the contact form's). */
const SERVER_ATTRIBUTE_FIELDS: Record<string, string> = { name: 'name', email: 'email', phone_number: 'phone', identifier: 'identifier' };

/** "Sync problems": each change the server refused, in its words, with Retry and Discard. */
export function SyncProblemsDialog(props: {
  open: boolean;
  onClose: () => void;
  appSync: AppSync;
  paused: boolean;
}) {
  const { t } = useTranslation('sync');
  const { t: tContact } = useTranslation('contact');
  const { appSync, open } = props;

  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const problems = useListOnStatus(appSync, open, loadProblems, version);

  /** The server's refusal in the user's language when it is one of Chatwoot's validation messages. */
  const serverReason = (message: string): string => {
    const known = knownServerError(message);
    if (known) return t('problems.server.said', { message: t(`serverErrors.${known}`) });
    const parts = explainServerMessage(message);
    if (!parts) return t('problems.server.said', { message });
    return parts
      .map((part) => {
        const contactField = SERVER_ATTRIBUTE_FIELDS[part.attribute];
        const field = contactField
          ? tContact(`fields.${contactField}`)
          : t(`problems.serverField.${part.attribute}`, { defaultValue: part.attribute.replace(/_/g, ' ') });
        return t(`problems.server.${part.code}`, { field, ...part.params });
      })
      .join(' ');
  };

  const act = async (seq: number, action: 'retry' | 'discard') => {
    if (action === 'retry') await appSync.sync.retryRejected(seq);
    else await appSync.sync.discardRejected(seq);
    reload();
    await appSync.engine.refresh();
    if (action === 'retry') void appSync.engine.syncNow();
  };

  return (
    <Dialog open={open} onClose={props.onClose} title={t('problems.title')} className="sync-problems-dialog">
      {props.paused && <p className="sync-problems-paused">{t('problems.paused')}</p>}
      {problems.length === 0 ? (
        <p>{t('problems.empty')}</p>
      ) : (
        <>
          <p>{t('problems.intro')}</p>
          <ul className="sync-problems">
            {problems.map(({ entry, subject }) => {
              const name = subject.name || t('conflict.empty');
              const fields = subject.fields
                .map((field) =>
                  subject.key.startsWith('change.')
                    ? tContact(`fields.${field}`, { defaultValue: field })
                    : t(`problems.field.${field}`, { defaultValue: field }),
                )
                .join(', ');
              const title = t(`problems.${subject.key}`, { name, fields });
              // Contacts keep "Retry: <name>"; other records say which record ("Retry: New note on “Ana”").
              const target = subject.key.startsWith('change.') ? name : title;
              return (
                <li key={entry.seq} className="sync-problem">
                  <div>
                    <strong>{title}</strong>
                    <p className="field-hint">{serverReason(entry.lastError ?? '')}</p>
                  </div>
                  <div className="sync-problem-actions">
                    <button
                      type="button"
                      className="button"
                      aria-label={`${t('problems.retry')}: ${target}`}
                      onClick={() => void act(entry.seq, 'retry')}
                    >
                      {t('problems.retry')}
                    </button>
                    <button
                      type="button"
                      className="button"
                      aria-label={`${t('problems.discard')}: ${target}`}
                      onClick={() => void act(entry.seq, 'discard')}
                    >
                      {t('problems.discard')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Dialog>
  );
}
