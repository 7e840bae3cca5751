import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { searchKey } from '../../../shared/text';

export interface MultiSelectOption {
  value: string;
  label: string;
  /** A colour dot before the label (labels). */
  color?: string;
}

/** Options shown before the list offers a search box: more than this is tedious to scan. */
const SEARCH_THRESHOLD = 8;
/** The popover's tallest size (search box + a 220 px list), to decide whether it fits below. */
const POPOVER_HEIGHT = 270;
const POPOVER_MIN_WIDTH = 220;

/**
 * Where the popover goes: fixed to the viewport (a scrolling dialog would clip an absolute one),
 * under the button, or above it when there is no room below.
 */
function placePopover(popover: HTMLElement, button: HTMLElement): void {
  const rect = button.getBoundingClientRect();
  const width = Math.max(rect.width, POPOVER_MIN_WIDTH);
  const below = window.innerHeight - rect.bottom;
  const above = below < POPOVER_HEIGHT && rect.top > below;
  popover.style.left = `${Math.max(8, Math.min(rect.left, window.innerWidth - width - 8))}px`;
  popover.style.width = `${width}px`;
  popover.style.top = above ? '' : `${rect.bottom + 4}px`;
  popover.style.bottom = above ? `${window.innerHeight - rect.top + 4}px` : '';
  // Hidden until placed (CSS): shown in the wrong place for a frame, it would flash.
  popover.classList.add('placed');
}

/**
 * Picks several values from a list (labels, a list attribute's options, countries): a button that
 * says what is chosen and opens a group of checkboxes, with a search box for long lists. Esc closes
 * it (and only it: the dialog around stays open), focus returns to the button.
 */
export function MultiSelect(props: {
  label: string;
  options: readonly MultiSelectOption[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  invalid?: boolean;
  describedBy?: string;
  /** Lets the builder find the button again after a regroup remounts it. */
  focusKey?: string;
}) {
  const { t } = useTranslation('filters');
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const popoverId = useId();
  const { options, values, onChange } = props;

  const chosen = useMemo(() => {
    const byValue = new Map(options.map((option) => [option.value, option.label]));
    return values.map((value) => byValue.get(value) ?? value);
  }, [options, values]);

  const visible = useMemo(() => {
    const folded = searchKey(query.trim());
    if (!folded) return options;
    return options.filter(
      (option) => searchKey(option.label).includes(folded) || searchKey(option.value).includes(folded),
    );
  }, [options, query]);

  useLayoutEffect(() => {
    const button = buttonRef.current;
    const popover = popoverRef.current;
    if (!open || !button || !popover) return;
    const place = () => placePopover(popover, button);
    place();
    popover.querySelector<HTMLInputElement>('input')?.focus();
    // The dialog's content scrolls under a fixed popover: follow the button.
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
    };
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    setQuery('');
    buttonRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      // Close the list, not the dialog it sits in.
      event.preventDefault();
      event.stopPropagation();
      close();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const boxes = [...(popoverRef.current?.querySelectorAll<HTMLInputElement>('input') ?? [])];
    const at = boxes.indexOf(document.activeElement as HTMLInputElement);
    const next = boxes[Math.min(boxes.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  const toggle = (value: string, checked: boolean) => {
    onChange(
      checked ? [...values.filter((item) => item !== value), value] : values.filter((item) => item !== value),
    );
  };

  const summary =
    chosen.length === 0
      ? t('values.choose')
      : chosen.length <= 2
        ? chosen.join(', ')
        : t('values.chosen', { count: chosen.length });

  return (
    <div className="multi-select" ref={rootRef} onKeyDown={onKeyDown}>
      <button
        ref={buttonRef}
        type="button"
        className="multi-select-button"
        aria-label={`${props.label}: ${summary}`}
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        data-focus-key={props.focusKey}
        onClick={() => (open ? close() : setOpen(true))}
      >
        <span className={chosen.length === 0 ? 'multi-select-placeholder' : undefined}>{summary}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          className="multi-select-popover"
          id={popoverId}
          ref={popoverRef}
          role="group"
          aria-label={props.label}
        >
          {options.length > SEARCH_THRESHOLD && (
            <input
              type="search"
              className="multi-select-search"
              aria-label={t('values.search')}
              placeholder={t('values.search')}
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              onKeyDown={(event) => {
                // Enter in the search box picks the only match, as people expect from a picker.
                const [only] = visible;
                if (event.key === 'Enter' && visible.length === 1 && only) {
                  event.preventDefault();
                  toggle(only.value, !values.includes(only.value));
                }
              }}
            />
          )}
          <ul className="multi-select-options">
            {visible.map((option) => (
              <li key={option.value}>
                <label className="menu-check">
                  <input
                    type="checkbox"
                    checked={values.includes(option.value)}
                    onChange={(event) => toggle(option.value, event.target.checked)}
                  />
                  {option.color && (
                    <span
                      className="label-dot"
                      style={{ backgroundColor: option.color }}
                      aria-hidden="true"
                    />
                  )}
                  <span>{option.label}</span>
                </label>
              </li>
            ))}
            {visible.length === 0 && <li className="multi-select-empty">{t('values.none')}</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
