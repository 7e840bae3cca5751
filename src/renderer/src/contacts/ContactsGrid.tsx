import {
  CellStyleModule,
  ColumnApiModule,
  EventApiModule,
  InfiniteRowModelModule,
  LocaleModule,
  ModuleRegistry,
  RenderApiModule,
  RowApiModule,
  ScrollApiModule,
  ValidationModule,
  type ColumnMovedEvent,
  type ColumnResizedEvent,
  type SortChangedEvent,
  type CellKeyDownEvent,
  type FullWidthCellKeyDownEvent,
  type GridApi,
  type GridReadyEvent,
  type IDatasource,
  type IGetRowsParams,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Contact } from '../../../shared/contact';
import { useAttributeDefinitions } from '../settings/attributesStore';
import { useServices } from '../ui/services';
import { formatPhone } from '../../../shared/validation/normalize';
import { countryName } from './cells';
import { buildColumnDefs, buildDefaultColDef, getRowId } from './columnDefs';
import { columnStateSchema, GRID_COLUMNS_SETTING, gridSort, resetColumns, sortFromModel } from './columnState';
import { useContactUi } from './contactUi';
import { onGridKeyDown } from './gridKeyDown';
import { gridLocaleText } from './gridLocale';
import { theme } from './gridTheme';
import { currentQuery } from './currentView';
import { useSelection } from './selection';
import { useGridRefresh } from './useGridRefresh';
import { useLabels } from '../labels/store';
import { formatExactDate, formatRelativeDate } from '../ui/time';
import { useContactsView } from './store';
import './contactText.css';

ModuleRegistry.registerModules([
  CellStyleModule,
  InfiniteRowModelModule,
  LocaleModule,
  ColumnApiModule,
  EventApiModule,
  RenderApiModule,
  RowApiModule,
  ScrollApiModule,
]);
// AG Grid's checks (deprecations, wrong options) in development, and in the e2e build, whose tests
// fail on any AG Grid warning (tests/e2e/keyboard.spec.ts); left out of the shipped build.
if (import.meta.env.DEV || import.meta.env.VITE_AG_GRID_VALIDATION === '1') ModuleRegistry.registerModules([ValidationModule]);

/**
 * The contacts grid. AG Grid's Infinite row model asks for the rows it is about to draw; our
 * in-memory index answers from the current view. Sorting and search therefore cost one pass of our
 * own over 100k contacts plus drawing ~30 rows, instead of AG Grid re-sorting and re-filtering
 * 100k row nodes (362–1,025 ms measured). docs/architecture.md "The in-memory index and the grid"
 * has the measurements and why this departs from the design's "client-side model with transactions".
 */

/** Rows per block the grid asks for: about three screens, so scrolling rarely waits. */
const BLOCK_SIZE = 100;
/** Rows drawn beyond the visible ones (AG Grid's default is 10): fewer rows to refresh per keystroke. */
const ROW_BUFFER = 5;

const localeTextSchema = z.record(z.string(), z.string());

export const ContactsGrid = memo(function ContactsGrid(props: { onApi?: (api: GridApi<Contact> | null) => void }) {
  const { t, i18n } = useTranslation();
  const { index, repository, notes, hostInfo } = useServices();
  const platform = hostInfo.platform;
  const apiRef = useRef<GridApi<Contact> | null>(null);
  const containerRef = useRef<HTMLDivElement | null>(null);
  const setSort = useContactsView((s) => s.setSort);
  const setListedCount = useContactsView((s) => s.setListedCount);
  const { onApi } = props;

  // The datasource reads the latest query from the store, so the grid keeps one datasource.
  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(params: IGetRowsParams) {
        const sort = sortFromModel(params.sortModel);
        // While starting, the index holds the first rows of one sort (app/firstRows.ts): in another
        // sort they are not the first rows, so none are listed until every contact is read.
        const { loadingSort } = useContactsView.getState();
        if (loadingSort !== null && (loadingSort.column !== sort?.column || loadingSort.direction !== sort.direction)) {
          params.successCallback([], 0);
          return;
        }
        // Only the rows of the block asked for become an array: a keystroke at 100k allocates no list of 100k.
        const view = index.view(currentQuery(notes, sort));
        params.successCallback(view.slice(params.startRow, params.endRow), view.count);
        if (params.startRow === 0) setListedCount(view.count);
      },
    }),
    [index, notes, setListedCount],
  );

  const openContact = useContactUi((state) => state.openContact);
  const definitions = useAttributeDefinitions((state) => state.definitions);
  const columnDefs = useMemo(() => buildColumnDefs({ t, index, notes, openContact, definitions }), [t, index, notes, openContact, definitions]);
  const defaultColDef = useMemo(() => buildDefaultColDef(platform), [platform]);

  const onCellKeyDown = useCallback(
    (event: CellKeyDownEvent<Contact> | FullWidthCellKeyDownEvent<Contact>) => onGridKeyDown(event, { index, notes, platform, openContact }),
    [index, notes, platform, openContact],
  );

  // AG Grid's own texts in the UI language (gridLocale.ts), and our wording of a few (`grid`).
  const localeText = useMemo(() => {
    const ours = localeTextSchema.safeParse(t('agGridLocale', { returnObjects: true }));
    return {
      ...gridLocaleText(i18n.language, ours.success ? ours.data : {}),
      loadingOoo: t('grid.loadingOoo'),
      noRowsToShow: t('grid.noRowsToShow'),
      ariaSortAscending: t('grid.ariaSortAscending'),
      ariaSortDescending: t('grid.ariaSortDescending'),
      ariaSortNone: t('grid.ariaSortNone'),
    };
  }, [t, i18n.language]);

  const persistColumns = useRef<number | undefined>(undefined);
  const saveColumnState = useCallback(() => {
    window.clearTimeout(persistColumns.current);
    persistColumns.current = window.setTimeout(() => {
      const api = apiRef.current;
      if (!api || api.isDestroyed()) return;
      void repository.settings.set(GRID_COLUMNS_SETTING, api.getColumnState());
    }, 250);
  }, [repository]);

  const onGridReady = useCallback(
    (event: GridReadyEvent<Contact>) => {
      apiRef.current = event.api;
      // AG Grid has no option for the grid's accessible name: its role="grid" element gets it here.
      containerRef.current?.querySelector('[role="grid"], [role="treegrid"]')?.setAttribute('aria-label', t('contacts.gridLabel'));
      onApi?.(event.api);
      void repository.settings.get(GRID_COLUMNS_SETTING, columnStateSchema).then((saved) => {
        if (event.api.isDestroyed()) return;
        if (saved && saved.length > 0) {
          event.api.applyColumnState({ state: saved, applyOrder: true });
        } else {
          resetColumns(event.api);
        }
        setSort(gridSort(event.api));
        event.api.setGridOption('datasource', datasource);
      });
    },
    [datasource, repository, setSort, onApi, t],
  );

  useGridRefresh(apiRef, containerRef, { index, notes, setListedCount });

  // The cells' formatters build their Intl formats and phone metadata on first use (10–25 ms here):
  // built in idle time after start-up, the first rows an import brings are not the ones to pay. A
  // first sync keeps the window busy from the start: within half a second regardless, so its
  // first rows (~1.5 s in) do not pay either.
  useEffect(() => {
    const id = requestIdleCallback(() => {
      const now = Date.now();
      formatPhone('+34600000000');
      countryName({ country: null, countryCode: 'ES' }, i18n.language);
      formatExactDate(now, i18n.language);
      formatRelativeDate(now - 60_000, now, i18n.language, 'short');
      formatRelativeDate(now - 30 * 86_400_000, now, i18n.language);
    }, { timeout: 500 });
    return () => cancelIdleCallback(id);
  }, [i18n.language]);

  // Ticking rows redraws the checkboxes only.
  useEffect(
    () =>
      useSelection.subscribe(() => {
        apiRef.current?.refreshCells({ columns: ['select'], force: true });
      }),
    [],
  );

  // The sidebar walked to another contact with the arrows: bring its row into view.
  useEffect(() => {
    const onReveal = (event: Event) => {
      const api = apiRef.current;
      const rowIndex = (event as CustomEvent<{ index: number }>).detail.index;
      if (!api || api.isDestroyed() || rowIndex < 0) return;
      api.ensureIndexVisible(rowIndex);
    };
    window.addEventListener('wintook:reveal-contact', onReveal);
    return () => window.removeEventListener('wintook:reveal-contact', onReveal);
  }, []);

  // A label was recoloured: redraw the chips.
  const labelColors = useLabels((state) => state.colors);
  useEffect(() => {
    apiRef.current?.refreshCells({ columns: ['labels'], force: true });
  }, [labelColors]);

  // Relative dates ("3 minutes ago") age: redraw the date cells every minute.
  useEffect(() => {
    const timer = window.setInterval(() => {
      apiRef.current?.refreshCells({ columns: ['lastActivityAt', 'createdAt'], force: true });
    }, 60_000);
    return () => window.clearInterval(timer);
  }, []);

  const onSortChanged = useCallback(
    (event: SortChangedEvent<Contact>) => {
      setSort(gridSort(event.api));
      if (event.api.getFirstDisplayedRowIndex() > 0) event.api.ensureIndexVisible(0, 'top');
      saveColumnState();
    },
    [setSort, saveColumnState],
  );

  const onColumnMovedOrResized = useCallback(
    (event: ColumnResizedEvent<Contact> | ColumnMovedEvent<Contact>) => {
      if (event.finished) saveColumnState();
    },
    [saveColumnState],
  );

  const firstRowsMarked = useRef(false);
  const onModelUpdated = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    const rows = api.getDisplayedRowCount();
    const firstLoaded = rows > 0 && api.getDisplayedRowAtIndex(0)?.data !== undefined;
    if (!firstLoaded && rows > 0) return;
    if (!firstRowsMarked.current && rows > 0) {
      firstRowsMarked.current = true;
      requestAnimationFrame(() => performance.mark('wintook:first-rows'));
    }
    window.dispatchEvent(new CustomEvent('wintook:grid-rendered', { detail: { rows } }));
  }, []);

  return (
    <div ref={containerRef} className="contacts-grid">
      <AgGridReact<Contact>
        key={i18n.language}
        theme={theme}
        rowModelType="infinite"
        cacheBlockSize={BLOCK_SIZE}
        maxBlocksInCache={50}
        infiniteInitialRowCount={1}
        columnDefs={columnDefs}
        defaultColDef={defaultColDef}
        getRowId={getRowId}
        localeText={localeText}
        onGridReady={onGridReady}
        onSortChanged={onSortChanged}
        onColumnResized={onColumnMovedOrResized}
        onColumnMoved={onColumnMovedOrResized}
        onColumnVisible={saveColumnState}
        onModelUpdated={onModelUpdated}
        onCellKeyDown={onCellKeyDown}
        suppressCellFocus={false}
        // ContactsScreen's NoMatches says why nothing is listed and offers a way out; AG Grid's own
        // "No contacts to show" under it made two messages for one empty search (issue 19).
        suppressNoRowsOverlay
        suppressMultiSort
        animateRows={false}
        // Draw refreshed rows in the same frame: AG Grid otherwise spreads row and cell creation over
        // animation frames, which put a search keystroke's result two or three frames away.
        suppressAnimationFrame
        rowBuffer={ROW_BUFFER}
      />
    </div>
  );
});
