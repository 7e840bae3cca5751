import type { ICellRendererComp, ICellRendererParams, IHeaderComp, IHeaderParams } from 'ag-grid-community';
import { contactDisplayName, type Contact } from '../../../shared/contact';
import { i18n } from '../i18n';
import { useSelection } from './selection';

/** A row's checkbox; the selection lives in our store, not in AG Grid (whose select-all needs the whole model). */
export class SelectCell implements ICellRendererComp<Contact> {
  private readonly input = document.createElement('input');
  private id = '';

  init(params: ICellRendererParams<Contact>): void {
    this.input.type = 'checkbox';
    this.input.className = 'row-check';
    this.input.addEventListener('click', (event) => {
      event.stopPropagation();
      useSelection.getState().toggle(this.id);
    });
    this.update(params);
  }

  getGui(): HTMLElement {
    return this.input;
  }

  refresh(params: ICellRendererParams<Contact>): boolean {
    this.update(params);
    return true;
  }

  private label = '';

  private update(params: ICellRendererParams<Contact>): void {
    this.id = params.data?.id ?? '';
    this.input.checked = useSelection.getState().selected.has(this.id);
    // Selection changes redraw every checkbox; only a different contact needs a new label.
    const name = params.data ? contactDisplayName(params.data) : '';
    if (name !== this.label || !this.input.hasAttribute('aria-label')) {
      this.label = name;
      this.input.setAttribute('aria-label', i18n.t('contact:bulk.selectOne', { name }));
    }
  }
}

/** The header checkbox: ticks every listed contact, or clears the selection. */
export class SelectAllHeader implements IHeaderComp {
  private readonly input = document.createElement('input');
  private unsubscribe: () => void = () => undefined;
  private selectAll: () => void = () => undefined;

  init(params: IHeaderParams & { selectAll: () => void; listedIds: () => string[] }): void {
    this.input.type = 'checkbox';
    this.input.className = 'row-check';
    this.input.setAttribute('aria-label', i18n.t('contact:bulk.selectAll'));
    this.selectAll = params.selectAll;
    this.input.addEventListener('click', () => {
      if (useSelection.getState().selected.size > 0) useSelection.getState().clear();
      else this.selectAll();
    });
    const sync = () => {
      const size = useSelection.getState().selected.size;
      this.input.checked = size > 0;
      this.input.indeterminate = size > 0 && size < params.listedIds().length;
    };
    sync();
    this.unsubscribe = useSelection.subscribe(sync);
  }

  getGui(): HTMLElement {
    return this.input;
  }

  refresh(): boolean {
    return true;
  }

  destroy(): void {
    this.unsubscribe();
  }
}

/** The name as a link-like button that opens the contact's sidebar. */
export class NameCell implements ICellRendererComp<Contact> {
  private readonly button = document.createElement('button');

  init(params: ICellRendererParams<Contact> & { onOpen: (id: string) => void }): void {
    this.button.type = 'button';
    this.button.className = 'name-link';
    this.button.tabIndex = -1;
    this.button.addEventListener('click', () => {
      const id = this.button.dataset.id;
      if (id) params.onOpen(id);
    });
    this.update(params);
  }

  getGui(): HTMLElement {
    return this.button;
  }

  refresh(params: ICellRendererParams<Contact>): boolean {
    this.update(params);
    return true;
  }

  private update(params: ICellRendererParams<Contact>): void {
    this.button.dataset.id = params.data?.id ?? '';
    // A contact without a name shows its email or phone, dimmed, so it can still be opened by a click.
    const name = params.data?.name ?? '';
    this.button.textContent = name || (params.data ? contactDisplayName(params.data) : '');
    this.button.classList.toggle('unnamed', name === '');
  }
}
