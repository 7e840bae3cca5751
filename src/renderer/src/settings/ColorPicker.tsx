import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeLabelColor } from '../../../shared/records';
import { LABEL_PALETTE, paletteName } from './palette';

const PALETTE_COLUMNS = 6;

/**
 * A colour button that opens a small palette (arrow keys move, Enter or a click picks) and a
 * native colour input for any other colour. `onChange` fires once per choice: the native input
 * commits on its `change` event, not on every `input` while the user drags.
 */
export function ColorPicker(props: {
  color: string;
  /** The accessible name of the button, e.g. "Colour of vip". */
  label: string;
  onChange: (color: string) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('settings');
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState(props.color);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const nativeRef = useRef<HTMLInputElement>(null);
  const popoverId = useId();
  const { onChange } = props;
  const name = paletteName(props.color);
  const colorName = name ? t(`colors.${name}`) : props.color;

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const pick = (color: string) => {
    close(true);
    if (color !== props.color) onChange(color);
  };

  useEffect(() => {
    if (!open) return undefined;
    // Focus the chosen swatch (or the first) so the arrow keys work at once.
    const selected = popoverRef.current?.querySelector<HTMLButtonElement>('[aria-pressed="true"]');
    (selected ?? popoverRef.current?.querySelector<HTMLButtonElement>('button'))?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!popoverRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  useEffect(() => {
    const input = nativeRef.current;
    if (!open || !input) return undefined;
    const onCommit = () => {
      const color = normalizeLabelColor(input.value);
      if (color) {
        setOpen(false);
        buttonRef.current?.focus();
        onChange(color);
      }
    };
    input.addEventListener('change', onCommit);
    return () => input.removeEventListener('change', onCommit);
  }, [open, onChange]);

  const onPaletteKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const swatches = [...(popoverRef.current?.querySelectorAll<HTMLButtonElement>('.swatch') ?? [])];
    const at = swatches.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const moves: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: PALETTE_COLUMNS,
      ArrowUp: -PALETTE_COLUMNS,
    };
    let next: number | null = null;
    if (event.key in moves) next = Math.min(swatches.length - 1, Math.max(0, at + (moves[event.key] ?? 0)));
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = swatches.length - 1;
    if (next === null) return;
    event.preventDefault();
    swatches[next]?.focus();
  };

  return (
    <span className="color-picker">
      <button
        ref={buttonRef}
        type="button"
        className="color-button"
        aria-label={`${props.label}: ${colorName}`}
        // A disclosure: it opens a group of swatches, not a menu, so no aria-haspopup (which means a menu).
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        disabled={props.disabled}
        onClick={() => {
          setCustom(props.color);
          setOpen((was) => !was);
        }}
      >
        <span className="color-dot" style={{ backgroundColor: props.color }} aria-hidden="true" />
      </button>
      {open && (
        <div
          ref={popoverRef}
          id={popoverId}
          className="color-popover"
          role="group"
          aria-label={props.label}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              // Closes the palette only, not the settings window around it.
              event.preventDefault();
              event.stopPropagation();
              close(true);
            }
          }}
        >
          <div className="swatches" onKeyDown={onPaletteKeyDown}>
            {LABEL_PALETTE.map((entry) => (
              <button
                key={entry.color}
                type="button"
                className="swatch"
                style={{ backgroundColor: entry.color }}
                aria-label={t(`colors.${entry.name}`)}
                aria-pressed={entry.color === props.color}
                tabIndex={entry.color === props.color || (!name && entry === LABEL_PALETTE[0]) ? 0 : -1}
                onClick={() => pick(entry.color)}
              />
            ))}
          </div>
          <label className="custom-color">
            <input
              ref={nativeRef}
              type="color"
              value={custom}
              onChange={(event) => setCustom(event.target.value)}
            />
            <span>{t('colors.custom')}</span>
          </label>
        </div>
      )}
    </span>
  );
}
