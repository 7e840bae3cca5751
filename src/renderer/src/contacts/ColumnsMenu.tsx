import type { GridApi } from 'ag-grid-community';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contact';
import { useAttributeDefinitions } from '../settings/attributesStore';

/**
 * AG Grid Community has no column chooser (the Columns tool panel is Enterprise), so this is ours.
 * A disclosure, not a menu (issue 19): its content is checkboxes and a button, which a `menu` role
 * may not hold, so the button says only expanded/collapsed and controls the group. Opening moves
 * focus to the first checkbox; Esc closes and gives focus back to the button.
 */
const CHOOSABLE = ['email', 'phone', 'labels', 'lastActivityAt', 'company', 'city', 'country', 'createdAt', 'notes'] as const;

export function ColumnsMenu(props: { api: GridApi<Contact> | null; onReset: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [, setRevision] = useState(0);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const groupRef = useRef<HTMLDivElement>(null);
  const groupId = useId();
  const { api } = props;
  const definitions = useAttributeDefinitions((state) => state.definitions);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', onPointerDown);
    return () => window.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  useEffect(() => {
    if (open) groupRef.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, [open]);

  return (
    <div
      className="menu-anchor"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={open ? groupId : undefined}
        onClick={() => setOpen(!open)}
      >
        {t('contacts.columns')}
      </button>
      {open && api && (
        <div ref={groupRef} id={groupId} className="menu" role="group" aria-label={t('contacts.columnsMenu')}>
          {[...CHOOSABLE, ...definitions.map((d) => `attr:${d.key}`)].map((colId) => {
            const column = api.getColumn(colId);
            if (!column) return null;
            return (
              <label key={colId} className="menu-check">
                <input
                  type="checkbox"
                  checked={column.isVisible()}
                  onChange={(event) => {
                    api.setColumnsVisible([colId], event.target.checked);
                    // The grid may be wider than the window (typical widths, columnLayout.ts): show where it went.
                    if (event.target.checked) api.ensureColumnVisible(colId);
                    setRevision((revision) => revision + 1);
                  }}
                />
                {colId.startsWith('attr:') ? column.getColDef().headerName : t(`columns.${colId}`)}
              </label>
            );
          })}
          <button
            type="button"
            className="button subtle"
            onClick={() => {
              props.onReset();
              setRevision((revision) => revision + 1);
            }}
          >
            {t('contacts.resetColumns')}
          </button>
        </div>
      )}
    </div>
  );
}
