import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../ui/services';
import { Dialog } from '../ui/Dialog';
import { useToasts } from '../ui/toasts';
import { UNDO_WINDOW_MS } from './ContactPanel';
import { LabelPicker } from './LabelPicker';
import { useSelection } from './selection';

type Pending = 'add' | 'remove' | 'delete' | null;

/** With contacts ticked, the header offers "Add label", "Remove label" and "Delete" for all of them. */
export function BulkBar() {
  const { t } = useTranslation('contact');
  const { repository } = useServices();
  const selected = useSelection((s) => s.selected);
  const clear = useSelection((s) => s.clear);
  const deleteAsked = useSelection((s) => s.deleteAsked);
  const settleDelete = useSelection((s) => s.settleDelete);
  const showToast = useToasts((s) => s.show);
  const [pending, setPending] = useState<Pending>(null);
  const [labels, setLabels] = useState<string[]>([]);
  if (selected.size === 0) return null;

  const ids = [...selected];
  const close = () => {
    setPending(null);
    setLabels([]);
    settleDelete();
  };
  const applyLabels = async () => {
    if (labels.length === 0) return;
    const changed = await repository.contacts.changeLabels(ids, pending === 'add' ? { add: labels } : { remove: labels });
    close();
    showToast({ message: t(pending === 'add' ? 'bulk.labelsAdded' : 'bulk.labelsRemoved', { count: changed.length }), duration: 5000 });
  };
  // Block or unblock every ticked contact in one transaction (Chatwoot's `blocked`, synced as usual).
  const setBlocked = async (blocked: boolean) => {
    const changed = await repository.contacts.updateMany(ids, { blocked });
    showToast({
      message: t(blocked ? 'blocking.bulkBlocked' : 'blocking.bulkUnblocked', { count: changed.length }),
      duration: 8000,
      action: changed.length > 0 ? { label: t('panel.undo'), run: () => void repository.contacts.updateMany(changed.map((contact) => contact.id), { blocked: !blocked }) } : undefined,
    });
  };
  const remove = async () => {
    const removed = await repository.contacts.removeMany(ids);
    close();
    clear();
    showToast({
      message: t('bulk.deleted', { count: removed.length }),
      duration: UNDO_WINDOW_MS,
      action: { label: t('panel.undo'), run: () => void repository.contacts.restore(removed) },
    });
  };

  return (
    <div className="bulk-bar" role="toolbar" aria-label={t('bulk.toolbar')}>
      <span className="bulk-count">{t('bulk.selected', { count: selected.size })}</span>
      <button type="button" className="button" onClick={() => setPending('add')}>
        {t('bulk.addLabel')}
      </button>
      <button type="button" className="button" onClick={() => setPending('remove')}>
        {t('bulk.removeLabel')}
      </button>
      <button type="button" className="button" onClick={() => void setBlocked(true)}>
        {t('blocking.block')}
      </button>
      <button type="button" className="button" onClick={() => void setBlocked(false)}>
        {t('blocking.unblock')}
      </button>
      <button type="button" className="button danger-outline" onClick={() => setPending('delete')}>
        {t('bulk.delete')}
      </button>
      <button type="button" className="button subtle" onClick={clear}>
        {t('bulk.clear')}
      </button>
      <Dialog
        open={pending === 'add' || pending === 'remove'}
        onClose={close}
        title={t(pending === 'remove' ? 'bulk.removeLabelTitle' : 'bulk.addLabelTitle', { count: selected.size })}
        footer={
          <>
            <button type="button" className="button" onClick={close}>
              {t('form.cancel')}
            </button>
            <button type="button" className="button primary" disabled={labels.length === 0} onClick={() => void applyLabels()}>
              {t(pending === 'remove' ? 'bulk.removeLabel' : 'bulk.addLabel')}
            </button>
          </>
        }
      >
        <LabelPicker labels={labels} onChange={setLabels} inputProps={{ 'aria-label': t('labels.add') } as never} />
      </Dialog>
      <Dialog
        open={pending === 'delete' || deleteAsked}
        onClose={close}
        title={t('bulk.deleteTitle', { count: selected.size })}
        footer={
          <>
            <button type="button" className="button" onClick={close}>
              {t('form.cancel')}
            </button>
            <button type="button" className="button danger" onClick={() => void remove()}>
              {t('bulk.deleteConfirm', { count: selected.size })}
            </button>
          </>
        }
      >
        <p>{t('bulk.deleteBody', { count: selected.size })}</p>
      </Dialog>
    </div>
  );
}
