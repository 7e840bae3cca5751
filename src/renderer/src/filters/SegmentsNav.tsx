import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Segment } from '../../../shared/records';
import { useServices } from '../ui/services';
import { applySegment, useFilters } from './store';
import { FunnelIcon } from './FunnelIcon';

/**
 * "Segments" in the sidebar: one button per saved filter (one click applies it; the selected one is
 * marked `aria-current="page"`) and a small menu per segment to rename, edit or delete it.
 */
export function SegmentsNav() {
  const { t } = useTranslation('filters');
  const segments = useFilters((state) => state.segments);
  const selectedId = useFilters((state) => state.segmentId);
  const [problem, setProblem] = useState<string | null>(null);
  const { repository } = useServices();

  const open = (segment: Segment) => {
    setProblem(null);
    void applySegment(repository, segment).then((applied) => {
      if (applied) return;
      // Its filter names an attribute deleted since: open it in the builder, marked, to fix it.
      setProblem(t('segments.invalid', { name: segment.name }));
      useFilters.setState({ segmentId: segment.id });
      useFilters.getState().openDialog({ kind: 'builder', payload: segment.query.payload });
    });
  };

  return (
    <>
      <h2 className="sidebar-heading" id="segments-heading">
        {t('segments.heading')}
      </h2>
      {segments.length === 0 ? (
        <p className="sidebar-empty">{t('segments.none')}</p>
      ) : (
        <ul className="sidebar-list" aria-labelledby="segments-heading">
          {segments.map((segment) => (
            <li key={segment.id} className="segment-item">
              <button
                type="button"
                className="sidebar-item"
                aria-current={selectedId === segment.id ? 'page' : undefined}
                onClick={() => open(segment)}
              >
                <FunnelIcon className="segment-icon" />
                <span className="sidebar-item-name">{segment.name}</span>
              </button>
              <SegmentMenu segment={segment} />
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="sidebar-empty" role="status">
          {problem}
        </p>
      )}
    </>
  );
}

function SegmentMenu(props: { segment: Segment }) {
  const { t } = useTranslation('filters');
  const { repository } = useServices();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const { segment } = props;

  useEffect(() => {
    if (!open) return;
    rootRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const choose = (action: 'rename' | 'edit' | 'delete') => {
    close(false);
    const { openDialog } = useFilters.getState();
    if (action === 'rename') openDialog({ kind: 'rename', segmentId: segment.id });
    else if (action === 'delete') openDialog({ kind: 'delete', segmentId: segment.id });
    else {
      // Edit = open it and show its conditions; "Update segment" stores the change.
      void applySegment(repository, segment).then(() => {
        useFilters.setState({ segmentId: segment.id });
        openDialog({ kind: 'builder', payload: segment.query.payload });
      });
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End')
      return;
    const items = [...(rootRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const target =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? items.length - 1
          : (at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    event.preventDefault();
    items[target]?.focus();
  };

  return (
    <div className="menu-anchor segment-menu" ref={rootRef} onKeyDown={open ? onKeyDown : undefined}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button segment-menu-button"
        aria-label={t('segments.options', { name: segment.name })}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => (open ? close(true) : setOpen(true))}
      >
        ⋯
      </button>
      {open && (
        <div
          className="menu segment-menu-list"
          role="menu"
          aria-label={t('segments.options', { name: segment.name })}
        >
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            tabIndex={-1}
            onClick={() => choose('rename')}
          >
            {t('segments.rename')}
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            tabIndex={-1}
            onClick={() => choose('edit')}
          >
            {t('segments.edit')}
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu-item danger"
            tabIndex={-1}
            onClick={() => choose('delete')}
          >
            {t('segments.delete')}
          </button>
        </div>
      )}
    </div>
  );
}
