import type { ColDef, GetRowIdParams, ValueFormatterParams } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { Contact, CustomAttributeValue } from '../../../shared/contact';
import type { HostPlatform } from '../../../shared/host';
import { ownValue } from '../../../shared/own';
import { ATTRIBUTE_COLUMN_PREFIX, type ContactIndex, type NoteIndex } from '../data/api';
import type { AttributeDefinition } from '../../../shared/records';
import { formatPhone } from '../../../shared/validation/normalize';
import { attributeText, countryFormatter, DateCell, LabelsCell } from './cells';
import { currentRows } from './currentView';
import { gridKeyAction } from './gridKeys';
import { useSelection } from './selection';
import { NameCell, SelectAllHeader, SelectCell } from './selectionCells';

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

/** What the column definitions read: the translations, the indexes, and how a name cell opens its contact. */
export interface ColumnDefsDeps {
  t: TFunction;
  index: ContactIndex;
  notes: NoteIndex;
  openContact: (id: string) => void;
  definitions: readonly AttributeDefinition[];
}

/** The grid's columns: the fixed ones in their first-view order, then one hidden column per custom attribute. */
export function buildColumnDefs(deps: ColumnDefsDeps): ColDef<Contact>[] {
  const { t, index, notes, openContact, definitions } = deps;
  return [
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
  ];
}

/** What every column shares: sort both ways, resize, wrap long headers, and leave our keys to onCellKeyDown. */
export function buildDefaultColDef(platform: HostPlatform): ColDef<Contact> {
  return {
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
  };
}

/** AG Grid tells rows apart by contact id. */
export function getRowId(params: GetRowIdParams<Contact>): string {
  return params.data.id;
}
