import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterAttribute, FilterError, ValidFilter } from '../../../shared/filters';
import type { HostPlatform } from '../../../shared/host';
import { formatKeys, matchesKeys } from '../../../shared/shortcuts';
import { draftGroups, fromPayload, newRow, removeRow, validateDraft, type DraftRow } from './draft';
import { FilterRow, JoinSelect } from './FilterRow';

export const SUBMIT_KEYS = '$mod+Enter';

/**
 * The filter builder: condition rows grouped the way they are evaluated. AND binds tighter than OR,
 * so each AND chain is drawn as one box and the boxes are joined by OR; changing a row's AND/OR
 * regroups them at once. Submit validates every row and applies all or nothing.
 */
export function FilterBuilder(props: {
  attributes: readonly FilterAttribute[];
  initialPayload: readonly unknown[] | null;
  platform: HostPlatform;
  /** A valid filter, or null for "no conditions" (Submit after Clear all shows every contact). */
  onSubmit: (filter: ValidFilter | null) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('filters');
  const { attributes } = props;
  // The standard attributes are always offered, so there is always a first one for a new row.
  const firstAttribute = attributes[0];
  if (!firstAttribute) throw new Error('the filter builder needs at least one attribute');
  const [rows, setRows] = useState<DraftRow[]>(() => {
    const initial = props.initialPayload ? fromPayload(props.initialPayload) : [];
    return initial.length > 0 ? initial : [newRow(firstAttribute)];
  });
  const [showErrors, setShowErrors] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  /** `data-focus-key` of the control that last had focus: regrouping moves rows between boxes (a remount). */
  const focusKeyRef = useRef<string | null>(null);

  const byKey = useMemo(
    () => new Map(attributes.map((attribute) => [attribute.key, attribute])),
    [attributes],
  );
  const validation = useMemo(
    () => (rows.length === 0 ? null : validateDraft(rows, attributes)),
    [rows, attributes],
  );
  const errors = showErrors && validation && !validation.ok ? validation.errors : [];
  const errorsByRow = new Map<number, FilterError[]>();
  for (const error of errors) errorsByRow.set(error.index, [...(errorsByRow.get(error.index) ?? []), error]);
  const groups = draftGroups(rows);

  const update = (index: number, next: DraftRow) =>
    setRows((current) => current.map((row, position) => (position === index ? next : row)));

  const submit = () => {
    if (rows.length === 0) {
      props.onSubmit(null);
      return;
    }
    if (validation && validation.ok) {
      props.onSubmit(validation.filter);
      return;
    }
    setShowErrors(true);
    // Take the person to the first thing to fix.
    requestAnimationFrame(() =>
      rootRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );
  };

  // $mod+Enter submits wherever focus is while the builder is open (even on the dialog itself).
  const submitRef = useRef(submit);
  useLayoutEffect(() => {
    submitRef.current = submit;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !matchesKeys(event, SUBMIT_KEYS, props.platform)) return;
      event.preventDefault();
      submitRef.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [props.platform]);

  // The dialog focuses its first control (the close button); start on the first condition instead.
  useEffect(() => {
    const frame = requestAnimationFrame(() =>
      rootRef.current
        ?.querySelector<HTMLElement>('select[data-role="attribute"], .filter-builder-actions button')
        ?.focus(),
    );
    return () => cancelAnimationFrame(frame);
  }, []);

  // A control that moved to another box was remounted: give focus back to its new copy.
  useLayoutEffect(() => {
    const root = rootRef.current;
    const key = focusKeyRef.current;
    if (!root || !key || root.contains(document.activeElement)) return;
    // Gone with its row (removed): "Add filter" is where a keyboard user goes on from.
    const target =
      root.querySelector<HTMLElement>(`[data-focus-key="${key}"]`) ??
      root.querySelector<HTMLElement>('.filter-builder-actions button');
    target?.focus();
  }, [rows]);

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    focusKeyRef.current = (event.target as HTMLElement).dataset.focusKey ?? null;
  };

  const addRow = () => {
    setRows((current) => [...current, newRow(firstAttribute)]);
    requestAnimationFrame(() => {
      const selects = rootRef.current?.querySelectorAll<HTMLSelectElement>('select[data-role="attribute"]');
      selects?.[selects.length - 1]?.focus();
    });
  };

  const renderRow = (row: DraftRow, index: number) => (
    <FilterRow
      key={row.id}
      row={row}
      index={index}
      attributes={attributes}
      byKey={byKey}
      rowErrors={errorsByRow.get(index) ?? []}
      onChange={(next) => update(index, next)}
      onRemove={() => setRows((current) => removeRow(current, index))}
    />
  );

  const renderJoin = (row: DraftRow, index: number) => (
    <JoinSelect row={row} index={index} onChange={(next) => update(index, next)} />
  );

  return (
    <div className="filter-builder" ref={rootRef} onFocus={onFocus}>
      <p className="dialog-intro">{t('builder.intro')}</p>
      {errors.length > 0 && (
        <div className="filter-errors" role="alert">
          <p>{t('builder.fix', { count: new Set(errors.map((error) => error.index)).size })}</p>
          <ul>
            {errors.map((error) => (
              <li key={`${error.index}-${error.code}`}>
                {error.index < 0
                  ? t(`errors.${error.code}`, { ...error.params })
                  : t('builder.rowError', {
                      number: error.index + 1,
                      message: t(`errors.${error.code}`, { ...error.params }),
                    })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {rows.length === 0 ? (
        <p className="filter-empty">{t('builder.empty')}</p>
      ) : (
        <div className="filter-groups">
          {groups.map((group, groupIndex) => {
            const members = group.flatMap((index) => {
              const row = rows[index];
              return row ? [{ index, row }] : [];
            });
            const [first] = members;
            const last = members.at(-1);
            if (!first || !last) return null;
            return (
              <Fragment key={first.row.id}>
                <div
                  className="filter-group"
                  role="group"
                  aria-label={t('builder.group', { number: groupIndex + 1 })}
                >
                  {members.map(({ index, row }) => (
                    <Fragment key={row.id}>
                      {renderRow(row, index)}
                      {index !== last.index && renderJoin(row, index)}
                    </Fragment>
                  ))}
                </div>
                {groupIndex < groups.length - 1 && renderJoin(last.row, last.index)}
              </Fragment>
            );
          })}
        </div>
      )}
      <div className="filter-builder-actions">
        <button type="button" className="button" onClick={addRow}>
          + {t('builder.addFilter')}
        </button>
        <button
          type="button"
          className="button subtle"
          onClick={() => setRows([])}
          disabled={rows.length === 0}
        >
          {t('builder.clearAll')}
        </button>
      </div>
      <div className="filter-builder-footer">
        <span className="field-hint">
          {t('builder.shortcutHint', {
            keys: formatKeys(SUBMIT_KEYS, props.platform).join(props.platform === 'mac' ? '' : '+'),
          })}
        </span>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('common:cancel')}
        </button>
        <button type="button" className="button primary" onClick={submit}>
          {t('builder.submit')}
        </button>
      </div>
    </div>
  );
}
