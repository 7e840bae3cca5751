import {
  CellStyleModule,
  ColumnApiModule,
  colorSchemeVariable,
  EventApiModule,
  InfiniteRowModelModule,
  LocaleModule,
  ModuleRegistry,
  RenderApiModule,
  RowApiModule,
  ScrollApiModule,
  themeQuartz,
  ValidationModule,
  type ColDef,
  type ColumnMovedEvent,
  type ColumnResizedEvent,
  type SortChangedEvent,
  type CellKeyDownEvent,
  type ColumnState,
  type FullWidthCellKeyDownEvent,
  type GetRowIdParams,
  type GridApi,
  type GridReadyEvent,
  type IDatasource,
  type IGetRowsParams,
  type SortModelItem,
  type ValueFormatterParams,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { assertNever } from '../../../shared/result';
import type { Contact, CustomAttributeValue } from '../../../shared/contact';
import { useAttributeDefinitions } from '../settings/attributesStore';
import { useServices } from '../ui/services';
import { ATTRIBUTE_COLUMN_PREFIX, isSortColumn, type SortState } from '../data/api';
import { attributeText, countryFormatter, countryName, DateCell, formatPhone, LabelsCell } from './cells';
import { useContactUi } from './contactUi';
import { gridKeyAction } from './gridKeys';
import { gridLocaleText } from './gridLocale';
import { firstViewWidths, type TypicalColumn } from './columnLayout';
import { currentQuery, currentRows } from './currentView';
import { useSelection } from './selection';
import { NameCell, SelectAllHeader, SelectCell } from './selectionCells';
import { useFilters } from '../filters/store';
import { useLabels } from '../labels/store';
import { formatExactDate, formatRelativeDate } from '../ui/time';
import { useContactsView } from './store';
import { ownValue } from '../../../shared/own';
import './contactText.css';
import { i18n as appI18n } from '../i18n';

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
 * 100k row nodes (362–1,025 ms measured in sync-and-performance-notes.md §2.2). docs/grid.md has
 * the measurements and why this differs from DESIGN.md's "client-side model with transactions".
 */

export const GRID_COLUMNS_SETTING = 'grid.columns';
/** Rows per block the grid asks for: about three screens, so scrolling rarely waits. */
const BLOCK_SIZE = 100;
/** Rows drawn beyond the visible ones (AG Grid's default is 10): fewer rows to refresh per keystroke. */
const ROW_BUFFER = 5;
const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 40;
/**
 * When an import (or a first sync) brings the first contacts into an empty list, the grid draws
 * them in steps: this many visible rows (plus ROW_BUFFER) in the first task, then FILL_STEP_ROWS
 * more per animation frame. AG Grid draws every visible row's cells synchronously
 * (`suppressAnimationFrame`), ~6–10 ms per row on this machine under load, and the ~25 rows of a
 * full window in one task were the longest task of a 100k import (150–470 ms, docs/import.md).
 */
const FIRST_FILL_ROWS = 3;
const FILL_STEP_ROWS = 5;
/**
 * During a burst (a first sync's pages, an import's batches: the index shows them every 500 ms) the
 * rows on screen are redrawn at most this often; the count follows every refresh. New contacts
 * usually land among the rows on screen (by last activity, newest first), and every redraw sets
 * new data on every visible row: 30–150 ms of main thread per redraw at 100k on this machine
 * (AG Grid's React cells, phone formatting), the largest share of the list's cost during a sync.
 */
const BURST_REDRAW_MS = 2000;
/** Formatted phones kept (libphonenumber parses each in ~1–4 ms under load; a redraw shows ~30). */
const PHONE_TEXTS_KEPT = 2000;

const phoneTexts = new Map<string, string>();

/** The phone column's text, from a cache: a redraw of rows that only moved parses no phone again. */
function phoneFormatter(params: ValueFormatterParams<Contact, string | null>): string {
  const value = params.value;
  if (!value) return '';
  let text = phoneTexts.get(value);
  if (text === undefined) {
    if (phoneTexts.size >= PHONE_TEXTS_KEPT) phoneTexts.clear();
    text = formatPhone(value);
    phoneTexts.set(value, text);
  }
  return text;
}

const columnStateSchema = z.array(
  z.object({
    colId: z.string(),
    width: z.number().optional(),
    hide: z.boolean().nullable().optional(),
    sort: z.enum(['asc', 'desc']).nullable().optional(),
    sortIndex: z.number().nullable().optional(),
    pinned: z.union([z.enum(['left', 'right']), z.boolean()]).nullable().optional(),
    flex: z.number().nullable().optional(),
  }),
);
const localeTextSchema = z.record(z.string(), z.string());

export type StoredColumnState = z.infer<typeof columnStateSchema>;

/**
 * Light and dark: `colorSchemeVariable` switches on `data-ag-theme-mode` (set on <html> by
 * ui/appearance.ts), each mode with the colours of styles.css (`--panel`, `--text`, `--border`,
 * `--surface-subtle`, `--accent`) so the grid sits on the page's own surfaces.
 */
const theme = themeQuartz
  .withPart(colorSchemeVariable)
  .withParams({
    fontFamily: 'inherit',
    fontSize: 13,
    headerFontWeight: 600,
    rowHeight: ROW_HEIGHT,
    headerHeight: HEADER_HEIGHT,
    wrapperBorderRadius: 0,
    wrapperBorder: false,
  })
  .withParams(
    { accentColor: '#2f6fde', backgroundColor: '#ffffff', foregroundColor: '#1d2530', borderColor: '#e2e6eb', chromeBackgroundColor: '#fbfbfc', browserColorScheme: 'light' },
    'light',
  )
  .withParams(
    { accentColor: '#7aa7ff', backgroundColor: '#1d2127', foregroundColor: '#e6e9ee', borderColor: '#343a43', chromeBackgroundColor: '#191c21', browserColorScheme: 'dark' },
    'dark',
  );

function sortFromModel(model: SortModelItem[]): SortState | null {
  const first = model[0];
  if (!first || !isSortColumn(first.colId)) return null;
  return { column: first.colId, direction: first.sort };
}

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
        // Only the rows of the block asked for become an array: a keystroke at 100k allocates no list of 100k.
        const view = index.view(currentQuery(notes, sortFromModel(params.sortModel)));
        params.successCallback(view.slice(params.startRow, params.endRow), view.count);
        if (params.startRow === 0) setListedCount(view.count);
      },
    }),
    [index, notes, setListedCount],
  );

  const openContact = useContactUi((state) => state.openContact);
  const definitions = useAttributeDefinitions((state) => state.definitions);
  const columnDefs = useMemo<ColDef<Contact>[]>(
    () => [
      {
        colId: 'select',
        headerName: '',
        width: 48,
        minWidth: 48,
        maxWidth: 48,
        sortable: false,
        resizable: false,
        suppressMovable: true,
        lockPosition: 'left',
        cellRenderer: SelectCell,
        headerComponent: SelectAllHeader,
        headerComponentParams: {
          selectAll: () => useSelection.getState().set(currentRows(index, notes).map((c) => c.id)),
          listedIds: () => currentRows(index, notes).map((c) => c.id),
        },
        cellClass: 'select-cell',
        headerClass: 'select-cell',
      },
      {
        colId: 'name',
        field: 'name',
        headerName: t('columns.name'),
        minWidth: 150,
        flex: 2,
        cellRenderer: NameCell,
        cellRendererParams: { onOpen: openContact },
      },
      { colId: 'email', field: 'email', headerName: t('columns.email'), minWidth: 170, flex: 2 },
      { colId: 'phone', field: 'phone', headerName: t('columns.phone'), minWidth: 140, flex: 1, valueFormatter: phoneFormatter },
      // Labels and Last activity before the place columns: on screen at 1280 px (columnLayout.ts).
      {
        colId: 'labels',
        field: 'labels',
        headerName: t('columns.labels'),
        minWidth: 130,
        flex: 1,
        sortable: false,
        cellRenderer: LabelsCell,
      },
      {
        colId: 'lastActivityAt',
        field: 'lastActivityAt',
        headerName: t('columns.lastActivityAt'),
        minWidth: 120,
        flex: 1,
        cellRenderer: DateCell,
      },
      { colId: 'company', field: 'company', headerName: t('columns.company'), minWidth: 110, flex: 1 },
      { colId: 'city', field: 'city', headerName: t('columns.city'), minWidth: 100, flex: 1 },
      { colId: 'country', field: 'country', headerName: t('columns.country'), minWidth: 100, flex: 1, valueFormatter: countryFormatter },
      { colId: 'createdAt', field: 'createdAt', headerName: t('columns.createdAt'), minWidth: 120, flex: 1, cellRenderer: DateCell },
      {
        colId: 'notes',
        headerName: t('columns.notes'),
        hide: true,
        minWidth: 90,
        maxWidth: 120,
        sortable: false,
        valueGetter: (params) => (params.data ? notes.count(params.data.id) : 0),
        valueFormatter: (params) => (params.value ? String(params.value) : ''),
      },
      // Custom attributes can be shown as columns (Columns menu); hidden until the user picks them.
      ...definitions.map(
        (definition): ColDef<Contact> => ({
          colId: `${ATTRIBUTE_COLUMN_PREFIX}${definition.key}`,
          headerName: definition.displayName,
          hide: true,
          minWidth: 110,
          flex: 1,
          valueGetter: (params) => (params.data ? ownValue(params.data.customAttributes, definition.key) : null) ?? null,
          valueFormatter: (params) => attributeText(params.value as CustomAttributeValue | null, definition.type),
        }),
      ),
    ],
    [t, index, notes, openContact, definitions],
  );

  const defaultColDef = useMemo<ColDef<Contact>>(
    () => ({
      sortable: true,
      sortingOrder: ['asc', 'desc'],
      unSortIcon: true,
      resizable: true,
      // A long header ("Número de teléfono") takes two lines rather than an ellipsis (issue 19).
      wrapHeaderText: true,
      autoHeaderHeight: true,
      suppressHeaderMenuButton: true,
      // The keys of gridKeyAction are ours (onCellKeyDown); AG Grid keeps the arrows and Tab.
      suppressKeyboardEvent: (params) => !params.editing && gridKeyAction(params.event, platform, { row: 0, rowCount: 1, pageRows: 1 }) !== null,
    }),
    [platform],
  );

  const onCellKeyDown = useCallback(
    (event: CellKeyDownEvent<Contact> | FullWidthCellKeyDownEvent<Contact>) => {
      const press = event.event;
      const api = event.api;
      if (!(press instanceof KeyboardEvent) || event.rowIndex === null || api.isDestroyed()) return;
      const contactAt = (row: number) => index.view(currentQuery(notes, sortFromModel(columnSortModel(api)))).at(row);
      const { openId } = useContactUi.getState();
      const visible = api.getVerticalPixelRange();
      const pageRows = Math.floor((visible.bottom - visible.top) / ROW_HEIGHT);
      // The grid's focused row, which a move sets at once, even while the browser's focus waits for
      // the row to be drawn after the scroll: a quick Enter after End opens the row End went to.
      const focusedRow = api.getFocusedCell()?.rowIndex ?? event.rowIndex;
      const action = gridKeyAction(press, platform, { row: focusedRow, rowCount: api.getDisplayedRowCount(), pageRows });
      if (!action) {
        // AG Grid moved the focus with an arrow: with a contact open, the panel follows the row.
        const focused = api.getFocusedCell();
        if (openId && (press.key === 'ArrowUp' || press.key === 'ArrowDown') && focused && focused.rowIndex !== event.rowIndex) {
          const next = contactAt(focused.rowIndex);
          if (next) openContact(next.id);
        }
        return;
      }
      press.preventDefault();
      const contact = contactAt(focusedRow);
      switch (action.kind) {
        case 'focus-row': {
          const column = 'column' in event ? event.column : api.getAllDisplayedColumns()[0];
          api.ensureIndexVisible(action.row);
          if (column) api.setFocusedCell(action.row, column);
          const next = openId ? contactAt(action.row) : undefined;
          if (next) openContact(next.id);
          return;
        }
        case 'open':
          if (contact) openContact(contact.id);
          return;
        case 'toggle':
          if (contact) useSelection.getState().toggle(contact.id);
          return;
        case 'select-all':
          useSelection.getState().set(currentRows(index, notes).map((row) => row.id));
          return;
        case 'delete': {
          const selection = useSelection.getState();
          if (selection.selected.size === 0 && contact) selection.set([contact.id]);
          if (useSelection.getState().selected.size > 0) useSelection.getState().askToDelete();
          return;
        }
        default:
          assertNever(action);
      }
    },
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
          event.api.applyColumnState({ state: saved as ColumnState[], applyOrder: true });
        } else {
          resetColumns(event.api);
        }
        setSort(sortFromModel(columnSortModel(event.api)));
        event.api.setGridOption('datasource', datasource);
      });
    },
    [datasource, repository, setSort, onApi, t],
  );

  /**
   * Changed data that leaves every row the grid holds as it is and adds rows after them (an import
   * or a first sync appending contacts that sort below the loaded rows, e.g. by last activity):
   * only the count is updated, and no row is drawn again. A refresh would redraw every visible row
   * every time, the main cost of each refresh during an import. Anything else refreshes.
   */
  const onlyCountChanged = useCallback(
    (api: GridApi<Contact>): boolean => {
      const view = index.view(currentQuery(notes, sortFromModel(columnSortModel(api))));
      const count = api.getDisplayedRowCount();
      let loadedEnd = 0;
      let same = true;
      api.forEachNode((node) => {
        if (!same) return;
        const at = node.rowIndex;
        if (at === null || node.data === undefined || view.at(at) !== node.data) same = false;
        else loadedEnd = Math.max(loadedEnd, at + 1);
      });
      // The last loaded block must end before the old end of the list, or its rows past that end
      // were never asked for.
      if (!same || loadedEnd === 0 || loadedEnd >= count || view.count < count) return false;
      api.setRowCount(view.count, true);
      setListedCount(view.count);
      return true;
    },
    [index, notes, setListedCount],
  );

  /**
   * A burst's refresh: the count now (the view is cached: the index computed it in the task
   * before), the rows on screen in a task of their own and at most every BURST_REDRAW_MS.
   */
  const burstRedraw = useRef<{ timer: number | undefined; last: number }>({ timer: undefined, last: 0 });
  const redrawInBurst = useCallback(
    (api: GridApi<Contact>) => {
      const view = index.view(currentQuery(notes, sortFromModel(columnSortModel(api))));
      setListedCount(view.count);
      const pending = burstRedraw.current;
      if (pending.timer !== undefined) return;
      const wait = Math.max(0, pending.last + BURST_REDRAW_MS - performance.now());
      pending.timer = window.setTimeout(() => {
        pending.timer = undefined;
        pending.last = performance.now();
        if (!api.isDestroyed() && !onlyCountChanged(api)) api.refreshInfiniteCache();
      }, wait);
    },
    [index, notes, setListedCount, onlyCountChanged],
  );
  const cancelBurstRedraw = useCallback(() => {
    window.clearTimeout(burstRedraw.current.timer);
    burstRedraw.current.timer = undefined;
  }, []);
  useEffect(() => cancelBurstRedraw, [cancelBurstRedraw]);

  // Straight from the store to the grid, without a React render in between: this is the path of
  // every search keystroke. A new search or label lists from the top; changed data (an edit, another
  // window, sync) refreshes in place and keeps the scroll position.
  useEffect(
    () =>
      useFilters.subscribe((state, previous) => {
        const api = apiRef.current;
        if (!api || api.isDestroyed() || state.predicate === previous.predicate) return;
        api.refreshInfiniteCache();
        if (api.getFirstDisplayedRowIndex() > 0) api.ensureIndexVisible(0, 'top');
      }),
    [],
  );
  useEffect(
    () =>
      useContactsView.subscribe((state, previous) => {
        const api = apiRef.current;
        if (!api || api.isDestroyed()) return;
        if (
          state.search !== previous.search ||
          state.label !== previous.label ||
          state.includeNotes !== previous.includeNotes ||
          (state.notesVersion !== previous.notesVersion && state.includeNotes && state.search !== '')
        ) {
          // Refresh rather than purge: the rows on screen stay until the new ones replace them in
          // place, instead of being torn down into "loading" placeholders and built again.
          cancelBurstRedraw();
          api.refreshInfiniteCache();
          // Reading scroll geometry forces a layout: only scroll when the list is not at its top.
          if (api.getFirstDisplayedRowIndex() > 0) api.ensureIndexVisible(0, 'top');
        } else if (state.indexVersion !== previous.indexVersion) {
          if (previous.totalCount === 0) {
            // The first contacts: the screen swaps the empty state for the list in this task, so
            // the rows are drawn in the next one (two long tasks become two shorter ones).
            if (state.inBurst && containerRef.current) fillInSteps(api, containerRef.current);
            else
              window.setTimeout(() => {
                if (!api.isDestroyed()) api.refreshInfiniteCache();
              }, 0);
          } else if (state.inBurst) redrawInBurst(api);
          else {
            cancelBurstRedraw();
            if (!onlyCountChanged(api)) api.refreshInfiniteCache();
          }
        }
        if (state.notesVersion !== previous.notesVersion) api.refreshCells({ columns: ['notes'], force: true });
      }),
    [onlyCountChanged, redrawInBurst, cancelBurstRedraw],
  );

  // The cells' formatters build their Intl formats and phone metadata on first use (10–25 ms here):
  // built in idle time after start-up, the first rows an import brings are not the ones to pay.
  useEffect(() => {
    const id = requestIdleCallback(() => {
      const now = Date.now();
      formatPhone('+34600000000');
      countryName({ country: null, countryCode: 'ES' }, i18n.language);
      formatExactDate(now, i18n.language);
      formatRelativeDate(now - 60_000, now, i18n.language);
      formatRelativeDate(now - 30 * 86_400_000, now, i18n.language);
    });
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
      setSort(sortFromModel(columnSortModel(event.api)));
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

/**
 * Draws the first rows of a list that was empty a few at a time (FIRST_FILL_ROWS): the grid's box
 * is made that many rows tall for the first draw and grows by FILL_STEP_ROWS per animation frame
 * (AG Grid draws the rows a resize reveals, and only those) until it fills its area again.
 * AG Grid learns its new height from a ResizeObserver, i.e. in the next frame, so the first rows
 * are asked for in a task after that frame (which is also the task after the screen swapped the
 * empty state for the list).
 */
function fillInSteps(api: GridApi<Contact>, box: HTMLDivElement): void {
  let rows = FIRST_FILL_ROWS;
  const limit = () => {
    box.style.bottom = 'auto';
    box.style.height = `${HEADER_HEIGHT + rows * ROW_HEIGHT}px`;
  };
  const release = () => {
    box.style.removeProperty('bottom');
    box.style.removeProperty('height');
  };
  limit();
  const grow = () => {
    if (api.isDestroyed()) return release();
    rows += FILL_STEP_ROWS;
    const area = box.parentElement?.clientHeight ?? 0;
    if (HEADER_HEIGHT + rows * ROW_HEIGHT >= area) return release();
    limit();
    requestAnimationFrame(grow);
  };
  requestAnimationFrame(() =>
    window.setTimeout(() => {
      if (api.isDestroyed()) return release();
      api.refreshInfiniteCache();
      requestAnimationFrame(grow);
    }, 0),
  );
}

/** Back to the columns as shipped: typical widths for this grid's width (columnLayout.ts), newest activity first. */
export function resetColumns(api: GridApi<Contact>): void {
  api.resetColumnState();
  const range = api.getHorizontalPixelRange();
  const widths = firstViewWidths(typicalColumns(api), range.right - range.left, measureText);
  api.applyColumnState({
    state: [...[...widths].map(([colId, width]) => ({ colId, width, flex: null })), { colId: 'lastActivityAt', sort: 'desc' as const }],
    defaultState: { sort: null },
  });
}

/** Beside a cell's text: AG Grid's cell padding (16 px a side in Quartz) and a pixel of rounding. */
const CELL_EXTRA = 34;
/** Beside a header's word: the padding, the sort icon and its gap, the resize handle. */
const HEADER_EXTRA = 56;
/** Beside a label's title: the chip's dot, gap, padding and border (styles.css `.label-chip`). */
const CHIP_EXTRA = 32;

/** The texts a usual contact shows in each visible column, in the UI language. */
function typicalColumns(api: GridApi<Contact>): TypicalColumn[] {
  const family = getComputedStyle(document.body).fontFamily;
  const cell = `13px ${family}`;
  const header = `600 13px ${family}`;
  const language = appI18n.language;
  const hoursAgo = formatRelativeDate(Date.now() - 23 * 3_600_000, Date.now(), language);
  const typical: Record<string, string> = {
    name: 'Mariana Fernández Gutiérr', // 25 characters
    email: 'mariana.fernandez@acmecorp.com', // 30 characters
    phone: formatPhone('+34612345678'),
    company: 'Industrias Ferrer SL',
    city: 'San Sebastián',
    country: new Intl.DisplayNames([language], { type: 'region' }).of('GB') ?? 'United Kingdom',
    lastActivityAt: hoursAgo,
    createdAt: hoursAgo,
  };
  return (api.getColumns() ?? [])
    .filter((column) => column.isVisible())
    .map((column): TypicalColumn => {
      const colId = column.getColId();
      const definition = column.getColDef();
      if (colId === 'select') return { colId, texts: [], fixed: definition.width ?? 48 };
      const headerWords = (definition.headerName ?? '').split(/\s+/).map((word) => ({ text: word, font: header, extra: HEADER_EXTRA }));
      const sample =
        colId === 'labels'
          ? { text: 'cliente-vip', font: `12px ${family}`, extra: CHIP_EXTRA + CELL_EXTRA }
          : Object.hasOwn(typical, colId)
            ? { text: typical[colId] ?? '', font: colId === 'name' ? header : cell, extra: CELL_EXTRA }
            : null;
      return { colId, texts: sample ? [sample, ...headerWords] : headerWords };
    });
}

let measuringContext: CanvasRenderingContext2D | null = null;
function measureText(text: string, font: string): number {
  measuringContext ??= document.createElement('canvas').getContext('2d');
  if (!measuringContext) return text.length * 8;
  measuringContext.font = font;
  return measuringContext.measureText(text).width;
}

function getRowId(params: GetRowIdParams<Contact>): string {
  return params.data.id;
}

function columnSortModel(api: GridApi<Contact>): SortModelItem[] {
  return api
    .getColumnState()
    .filter((column) => column.sort)
    .map((column) => ({ colId: column.colId, sort: column.sort as 'asc' | 'desc' }));
}
