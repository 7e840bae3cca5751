import type { ICellRendererComp, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import type { Contact, CustomAttributeValue } from '../../../shared/contact';
import { contactCountryName } from '../../../shared/countries';
import { i18n } from '../i18n';
import { useLabels } from '../labels/store';
import { formatExactDate, formatRelativeDate } from '../ui/time';

/*
 * Cells. Plain DOM renderers rather than React ones: a grid page holds ~300 cells and React portals
 * per cell cost more than the whole sort at 100k. Everything from contact data goes in through
 * `textContent` or AG Grid's value formatting (never innerHTML), so a name like
 * `<img src=x onerror=alert(1)>` shows as those characters and runs nothing.
 */

const DEFAULT_LABEL_COLOR = '#9aa5b1';

/**
 * A known country named in the UI language from its code (or from the name older rows keep without
 * a code), never in the language it was typed in; a country kept as text, as that text.
 */
export function countryName(contact: Pick<Contact, 'country' | 'countryCode'>, locale: string): string {
  return contactCountryName(contact, locale);
}

export function countryFormatter(params: ValueFormatterParams<Contact>): string {
  return params.data ? countryName(params.data, i18n.language) : '';
}

/** "3 days ago" in its short form ("hace 14 min"), with the exact date and time on hover; "Never" in grey for no date. */
export class DateCell implements ICellRendererComp<Contact> {
  private readonly element = document.createElement('time');

  init(params: ICellRendererParams<Contact, number | null>): void {
    this.render(params.value);
  }

  getGui(): HTMLElement {
    return this.element;
  }

  refresh(params: ICellRendererParams<Contact, number | null>): boolean {
    this.render(params.value);
    return true;
  }

  private render(value: number | null | undefined): void {
    if (value === null || value === undefined) {
      this.element.className = 'cell-muted';
      this.element.textContent = i18n.t('contacts.never');
      this.element.removeAttribute('title');
      this.element.removeAttribute('datetime');
      return;
    }
    this.element.className = '';
    this.element.dateTime = new Date(value).toISOString();
    this.element.title = formatExactDate(value, i18n.language);
    this.element.textContent = formatRelativeDate(value, Date.now(), i18n.language, 'short');
  }
}

/** Label chips with each label's colour. */
export class LabelsCell implements ICellRendererComp<Contact> {
  private readonly element = document.createElement('span');

  init(params: ICellRendererParams<Contact, string[]>): void {
    this.element.className = 'label-chips';
    this.render(params.value ?? []);
  }

  getGui(): HTMLElement {
    return this.element;
  }

  refresh(params: ICellRendererParams<Contact, string[]>): boolean {
    this.render(params.value ?? []);
    return true;
  }

  private render(labels: readonly string[]): void {
    const colors = useLabels.getState().colors;
    const chips = labels.map((label) => {
      const chip = document.createElement('span');
      chip.className = 'label-chip';
      const dot = document.createElement('span');
      dot.className = 'label-dot';
      dot.style.backgroundColor = colors.get(label) ?? DEFAULT_LABEL_COLOR;
      chip.append(dot, document.createTextNode(label));
      return chip;
    });
    this.element.replaceChildren(...chips);
  }
}

/** A custom attribute value as text in a cell: checkboxes as Yes/No in the UI language. */
export function attributeText(value: CustomAttributeValue | null | undefined, type: string): string {
  if (value === null || value === undefined) return '';
  if (type === 'checkbox' || typeof value === 'boolean') return i18n.t(value ? 'contact:attributes.yes' : 'contact:attributes.no');
  return String(value);
}
