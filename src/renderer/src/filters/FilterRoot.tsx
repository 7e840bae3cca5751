import './filters.css';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { matchesKeys } from '../../../shared/shortcuts';
import { useServices } from '../ui/services';
import { Dialog } from '../ui/Dialog';
import { installFilterBenchHook } from './benchHook';
import { FilterBuilder } from './FilterBuilder';
import {
  applyFilter,
  clearFilter,
  deleteSegment,
  renameSegment,
  saveSegment,
  startFilters,
  useFilters,
} from './store';

/** Opens the filter builder from anywhere in the app. */
export const OPEN_FILTER_KEYS = '$mod+Shift+F';
const SEGMENT_NAME_MAX_LENGTH = 255;

/**
 * The app-level part of the filter feature: loads segments and restores the last filter, listens
 * for `$mod+Shift+F`, and renders the builder and the segment dialogs.
 */
export function FilterRoot() {
  const { t } = useTranslation('filters');
  const { repository, hostInfo } = useServices();
  const dialog = useFilters((state) => state.dialog);
  const openDialog = useFilters((state) => state.openDialog);
  const attributes = useFilters((state) => state.attributes);
  const applied = useFilters((state) => state.applied);
  const segmentId = useFilters((state) => state.segmentId);
  const platform = hostInfo.platform;

  useEffect(() => {
    const filters = startFilters(repository);
    const removeHook =
      new URLSearchParams(window.location.search).get('bench') === '1'
        ? installFilterBenchHook(repository)
        : () => undefined;
    return () => {
      filters.stop();
      removeHook();
    };
  }, [repository]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || !matchesKeys(event, OPEN_FILTER_KEYS, platform))
        return;
      // Another dialog owns the keyboard; ours is already open.
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      useFilters.getState().openDialog({ kind: 'builder' });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [platform]);

  const close = () => openDialog(null);

  return (
    <>
      <Dialog
        open={dialog?.kind === 'builder'}
        title={t('filterTitle')}
        onClose={close}
        className="filter-builder-dialog"
      >
        {dialog?.kind === 'builder' && (
          <FilterBuilder
            attributes={attributes}
            initialPayload={dialog.payload ?? applied}
            platform={platform}
            onCancel={close}
            onSubmit={(filter) => {
              close();
              void (filter ? applyFilter(repository, filter, segmentId) : clearFilter(repository));
            }}
          />
        )}
      </Dialog>
      <SegmentNameDialog
        open={dialog?.kind === 'save' || dialog?.kind === 'rename'}
        mode={dialog?.kind === 'rename' ? 'rename' : 'save'}
        segmentId={dialog?.kind === 'rename' ? dialog.segmentId : null}
        onClose={close}
        onSubmit={async (name) => {
          if (dialog?.kind === 'rename') await renameSegment(repository, dialog.segmentId, name);
          else await saveSegment(repository, name);
          close();
        }}
      />
      <DeleteSegmentDialog
        segmentId={dialog?.kind === 'delete' ? dialog.segmentId : null}
        onClose={close}
        onConfirm={async (id) => {
          await deleteSegment(repository, id);
          close();
        }}
      />
    </>
  );
}

function SegmentNameDialog(props: {
  open: boolean;
  mode: 'save' | 'rename';
  segmentId: string | null;
  onClose: () => void;
  onSubmit: (name: string) => Promise<void>;
}) {
  const { t } = useTranslation('filters');
  return (
    <Dialog
      open={props.open}
      title={props.mode === 'rename' ? t('segments.renameTitle') : t('segments.saveTitle')}
      onClose={props.onClose}
    >
      {/* Mounted only while open, so every opening starts from the segment's current name. */}
      {props.open && <SegmentNameForm {...props} />}
    </Dialog>
  );
}

function SegmentNameForm(props: {
  mode: 'save' | 'rename';
  segmentId: string | null;
  onClose: () => void;
  onSubmit: (name: string) => Promise<void>;
}) {
  const { t } = useTranslation('filters');
  const segments = useFilters((state) => state.segments);
  const inputId = useId();
  const errorId = useId();
  const [name, setName] = useState(
    () => segments.find((segment) => segment.id === props.segmentId)?.name ?? '',
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  // showModal() focuses the dialog's first control (its close button) after this mounts.
  useEffect(() => {
    const frame = requestAnimationFrame(() => inputRef.current?.select());
    return () => cancelAnimationFrame(frame);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setError(t('segments.nameRequired'));
      return;
    }
    const taken = segments.some(
      (segment) =>
        segment.id !== props.segmentId && segment.name.trim().toLowerCase() === trimmed.toLowerCase(),
    );
    if (taken) {
      setError(t('segments.nameTaken', { name: trimmed }));
      return;
    }
    setBusy(true);
    void props.onSubmit(trimmed).finally(() => setBusy(false));
  };

  return (
    <form className="segment-form" onSubmit={submit} noValidate>
      {props.mode === 'save' && <p className="dialog-intro">{t('segments.saveIntro')}</p>}
      <div className="field">
        <label htmlFor={inputId}>{t('segments.name')}</label>
        <input
          ref={inputRef}
          id={inputId}
          maxLength={SEGMENT_NAME_MAX_LENGTH}
          value={name}
          aria-invalid={error !== null || undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setError(null);
          }}
        />
        {error && (
          <p className="filter-row-error" id={errorId} role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="segment-form-actions">
        <button type="button" className="button" onClick={props.onClose}>
          {t('common:cancel')}
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {props.mode === 'rename' ? t('segments.renameSave') : t('segments.save')}
        </button>
      </div>
    </form>
  );
}

function DeleteSegmentDialog(props: {
  segmentId: string | null;
  onClose: () => void;
  onConfirm: (id: string) => Promise<void>;
}) {
  const { t } = useTranslation('filters');
  const segment = useFilters((state) => state.segments.find((item) => item.id === props.segmentId));
  return (
    <Dialog
      open={props.segmentId !== null}
      title={t('segments.deleteTitle')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            {t('common:cancel')}
          </button>
          <button
            type="button"
            className="button danger"
            onClick={() => props.segmentId && void props.onConfirm(props.segmentId)}
          >
            {t('segments.deleteConfirm')}
          </button>
        </>
      }
    >
      <p>{t('segments.deleteBody', { name: segment?.name ?? '' })}</p>
    </Dialog>
  );
}
