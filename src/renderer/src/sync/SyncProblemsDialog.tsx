import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxEntry } from '../../../shared/records';
import { Dialog } from '../ui/Dialog';
import type { AppSync } from './sync-service';

interface Problem {
  entry: OutboxEntry;
  name: string;
}

async function loadProblems(appSync: AppSync): Promise<Problem[]> {
  const entries = await appSync.sync.rejectedEntries();
  return Promise.all(
    entries.map(async (entry) => {
      const contact = entry.entity === 'contact' ? await appSync.sync.getContact(entry.entityId) : undefined;
      const fromRow = entry.changes.name ?? entry.baseValues.name;
      return { entry, name: contact?.name || (typeof fromRow === 'string' ? fromRow : '') || entry.entityId };
    }),
  );
}

/** "Sync problems": each change the server refused, in its words, with Retry and Discard. */
export function SyncProblemsDialog(props: { open: boolean; onClose: () => void; appSync: AppSync; paused: boolean }) {
  const { t } = useTranslation('sync');
  const [problems, setProblems] = useState<Problem[]>([]);
  const { appSync, open } = props;

  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);

  useEffect(() => {
    if (!open) return undefined;
    let live = true;
    const refresh = () => {
      void loadProblems(appSync).then((found) => {
        if (live) setProblems(found);
      });
    };
    refresh();
    const unsubscribe = appSync.engine.subscribe(refresh);
    return () => {
      live = false;
      unsubscribe();
    };
  }, [open, appSync, version]);

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
            {problems.map(({ entry, name }) => (
              <li key={entry.seq} className="sync-problem">
                <div>
                  <strong>{t(`problems.change.${entry.op}`, { name, fields: Object.keys(entry.changes).join(', ') })}</strong>
                  <p className="field-hint">{entry.lastError}</p>
                </div>
                <div className="sync-problem-actions">
                  <button type="button" className="button" aria-label={`${t('problems.retry')}: ${name}`} onClick={() => void act(entry.seq, 'retry')}>
                    {t('problems.retry')}
                  </button>
                  <button type="button" className="button" aria-label={`${t('problems.discard')}: ${name}`} onClick={() => void act(entry.seq, 'discard')}>
                    {t('problems.discard')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}
