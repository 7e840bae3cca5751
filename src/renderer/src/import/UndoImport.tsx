import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../ui/services';
import { type ChangedContact, type UndoPlan } from '../data/api';
import { chooseRemoveChanged, closeImport, confirmUndoImport, restoreUndoneImport } from './importController';
import type { ImportFlow } from './importStore';

/** Up to this many changed contacts are named in the confirmation; more are only counted. */
const NAMED_CHANGED_MAX = 10;

type UndoFlow = Extract<ImportFlow, { step: 'confirm-undo' | 'undoing' | 'undone' | 'restored' }>;

/** How many contacts the undo removes with the choice made. */
function removalCount(plan: UndoPlan, removeChanged: boolean): number {
  return plan.created - (removeChanged ? 0 : plan.changedCreated);
}

/** The import dialog's body while an undo is asked, runs and is done (docs/import.md "Undo"). */
export function UndoBody(props: { flow: UndoFlow }) {
  const { t } = useTranslation('import');
  const { flow } = props;
  switch (flow.step) {
    case 'confirm-undo':
      return flow.plan ? <UndoQuestion plan={flow.plan} removeChanged={flow.removeChanged} /> : <p role="status">{t('undoImport.reading')}</p>;
    case 'undoing':
      return (
        <div role="status">
          <p>{t('undoing')}</p>
          <progress max={Math.max(flow.total, 1)} value={flow.done} aria-label={t('undoing')} />
        </div>
      );
    case 'undone':
      return (
        <div role="status">
          <p>{t('undone', { deleted: flow.outcome.deleted, restored: flow.outcome.restored })}</p>
          {flow.outcome.kept > 0 && <p>{t('undoImport.keptNote', { count: flow.outcome.kept })}</p>}
        </div>
      );
    case 'restored':
      return <p role="status">{t('undoImport.restored', { count: flow.count })}</p>;
  }
}

function UndoQuestion(props: { plan: UndoPlan; removeChanged: boolean }) {
  const { t } = useTranslation('import');
  const { plan, removeChanged } = props;
  const choiceName = useId();
  const changed = plan.changed.length;
  return (
    <div className="undo-question">
      <p>{t('undoImport.created', { count: plan.created })}</p>
      {plan.updated > 0 && <p>{t('undoImport.updated', { count: plan.updated })}</p>}
      {changed > 0 && (
        <>
          <p>{t('undoImport.changed', { count: changed })}</p>
          {changed <= NAMED_CHANGED_MAX && <ChangedList changed={plan.changed} />}
          <fieldset className="undo-choice">
            <legend>{t('undoImport.choice')}</legend>
            <label className="radio-row">
              <input type="radio" name={choiceName} checked={!removeChanged} onChange={() => chooseRemoveChanged(false)} />
              {t('undoImport.keepChanged', { count: changed })}
            </label>
            <label className="radio-row">
              <input type="radio" name={choiceName} checked={removeChanged} onChange={() => chooseRemoveChanged(true)} />
              {t('undoImport.removeChanged', { count: changed })}
            </label>
          </fieldset>
        </>
      )}
      <p>
        <strong>{t('undoImport.willRemove', { count: removalCount(plan, removeChanged) })}</strong>
      </p>
    </div>
  );
}

function ChangedList(props: { changed: readonly ChangedContact[] }) {
  const { t } = useTranslation('import');
  return (
    <ul className="undo-changed" aria-label={t('undoImport.changedList')}>
      {props.changed.map((contact) => (
        <li key={contact.id}>
          {/* textContent only: names come from the file or from the user. */}
          <span className="undo-changed-name">{contact.name}</span>
          {' — '}
          {contact.reasons.map((reason) => t(`undoImport.reasons.${reason}`)).join(', ')}
        </li>
      ))}
    </ul>
  );
}

/** The footer buttons of the same steps. */
export function UndoFooter(props: { flow: UndoFlow }) {
  const { t } = useTranslation('import');
  const services = useServices();
  const { flow } = props;
  const restoreOpen = useRestoreOpen(flow.step === 'undone' ? flow.restoreUntil : 0);
  const close = (
    <button type="button" className="button" onClick={closeImport}>
      {t('close')}
    </button>
  );
  switch (flow.step) {
    case 'confirm-undo':
      return (
        <>
          <button type="button" className="button" onClick={closeImport}>
            {t('cancel')}
          </button>
          <button type="button" className="button danger" disabled={!flow.plan} onClick={() => confirmUndoImport(services)}>
            {t('undo')}
          </button>
        </>
      );
    case 'undoing':
      return null;
    case 'undone': {
      const something = flow.outcome.removed.length + flow.outcome.reverted.length > 0;
      return (
        <>
          {restoreOpen && something && (
            <button type="button" className="button" disabled={flow.restoring} onClick={() => restoreUndoneImport(services)}>
              {t('undoImport.restore')}
            </button>
          )}
          {close}
        </>
      );
    }
    case 'restored':
      return close;
  }
}

/** True until `until` (epoch ms), then false: Restore goes when a delete's Undo would. */
function useRestoreOpen(until: number): boolean {
  const [expired, setExpired] = useState(0);
  useEffect(() => {
    const timer = window.setTimeout(() => setExpired(until), Math.max(0, until - Date.now()));
    return () => window.clearTimeout(timer);
  }, [until]);
  return until > 0 && expired !== until;
}
