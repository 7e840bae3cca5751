import { useTranslation } from 'react-i18next';
import { useServices } from '../ui/services';
import { FunnelIcon } from './FunnelIcon';
import {
  updateSelectedSegment,
  useFilterActive,
  useFilters,
  useSegmentEdited,
  useSelectedSegment,
} from './store';

/**
 * Header actions beside the search box: "Filter" opens the builder (with the applied conditions,
 * to edit them); "Save filter" saves the applied filter as a new segment; "Update segment" stores
 * the edited filter back into the segment it came from.
 */
export function FilterActions() {
  const { t } = useTranslation('filters');
  const { repository } = useServices();
  const active = useFilterActive();
  const conditionCount = useFilters((state) => state.applied?.length ?? 0);
  const openDialog = useFilters((state) => state.openDialog);
  const segment = useSelectedSegment();
  const edited = useSegmentEdited();

  return (
    <>
      <button
        type="button"
        className={`button filter-button${active ? ' active' : ''}`}
        aria-haspopup="dialog"
        onClick={() => openDialog({ kind: 'builder' })}
      >
        <FunnelIcon className="button-icon" />
        {t('filter')}
        {active && (
          <span className="filter-count" aria-hidden="true">
            {conditionCount}
          </span>
        )}
      </button>
      {active && (segment === null || edited) && (
        <button
          type="button"
          className="button"
          aria-haspopup="dialog"
          onClick={() => openDialog({ kind: 'save' })}
        >
          {t('saveFilter')}
        </button>
      )}
      {segment !== null && edited && (
        <button
          type="button"
          className="button primary"
          onClick={() => void updateSelectedSegment(repository)}
        >
          {t('updateSegment')}
        </button>
      )}
    </>
  );
}
