import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { validateFilter } from '../../../shared/filters';
import { useServices } from '../ui/services';
import { conditionText } from './describe';
import { draftGroups, fromPayload, removeRow, toPayload } from './draft';
import { applyFilter, clearFilter, useFilters } from './store';

/**
 * The applied filter above the grid: one chip per condition, grouped as they are evaluated (each
 * AND chain in brackets when there is an OR), a remove button per chip, and "Clear filters".
 */
export function FilterBar() {
  const { t, i18n } = useTranslation('filters');
  const { repository } = useServices();
  const applied = useFilters((state) => state.applied);
  const attributes = useFilters((state) => state.attributes);
  const segmentId = useFilters((state) => state.segmentId);
  const openDialog = useFilters((state) => state.openDialog);
  if (applied === null) return null;

  const rows = fromPayload(applied);
  const groups = draftGroups(rows);
  const bracket = groups.length > 1;

  const remove = (index: number) => {
    const next = removeRow(rows, index);
    if (next.length === 0) {
      void clearFilter(repository);
      return;
    }
    const validation = validateFilter(toPayload(next), attributes);
    if (validation.ok) void applyFilter(repository, validation.filter, segmentId);
  };

  return (
    <section className="filter-bar" aria-label={t('appliedFilter')}>
      <ul className="filter-chips">
        {groups.map((group, groupIndex) => (
          <Fragment key={group[0]}>
            {groupIndex > 0 && <li className="filter-chip-join filter-chip-or">{t('chip.or')}</li>}
            {bracket && group.length > 1 && <li className="filter-chip-bracket">(</li>}
            {group.map((index, position) => {
              const condition = applied[index];
              if (!condition) return null;
              const text = conditionText(condition, attributes, t, i18n.language);
              return (
                <Fragment key={index}>
                  {position > 0 && <li className="filter-chip-join">{t('chip.and')}</li>}
                  <li className="filter-chip">
                    <button
                      type="button"
                      className="filter-chip-text"
                      onClick={() => openDialog({ kind: 'builder' })}
                      title={t('editFilter')}
                    >
                      {text}
                    </button>
                    <button
                      type="button"
                      className="filter-chip-remove"
                      aria-label={t('removeCondition', { condition: text })}
                      onClick={() => remove(index)}
                    >
                      ×
                    </button>
                  </li>
                </Fragment>
              );
            })}
            {bracket && group.length > 1 && <li className="filter-chip-bracket">)</li>}
          </Fragment>
        ))}
      </ul>
      <button type="button" className="button subtle" onClick={() => void clearFilter(repository)}>
        {t('clearFilters')}
      </button>
    </section>
  );
}
