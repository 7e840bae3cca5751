import { useCallback, useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createEditor, Editor, Transforms, type BaseRange, type Descendant } from 'slate';
import { withHistory } from 'slate-history';
import { Editable, ReactEditor, Slate, useSlate, withReact, type RenderElementProps, type RenderLeafProps } from 'slate-react';
import type { HostPlatform } from '../../../shared/host';
import { emptyDocument, type NoteDocument, type NoteMark } from '../../../shared/notes';
import { matchesKeys } from '../../../shared/shortcuts';
import { parseNoteLinkUrl } from '../../../shared/url-policy';
import {
  activeLink,
  applyLink,
  isBlockActive,
  isMarkActive,
  toggleBlock,
  toggleMark,
  unwrapLink,
  withNoteEditor,
  type BlockFormat,
} from './editor';

/*
 * Glyphs are CSS content (`.tool-glyph::before`), not text: a visible "1≡" or "B" that is not part of
 * the button's name ("Numbered list", "Negrita") is axe's label-content-name-mismatch (WCAG 2.5.3).
 */
const glyphOf = (glyph: string, Tag: 'b' | 'i' | 's' | 'code' | 'span' = 'span') => <Tag className="tool-glyph" data-glyph={glyph} />;
const MARK_BUTTONS: { mark: NoteMark; glyph: ReactNode }[] = [
  { mark: 'bold', glyph: glyphOf('B', 'b') },
  { mark: 'italic', glyph: glyphOf('I', 'i') },
  { mark: 'strikethrough', glyph: glyphOf('S', 's') },
  { mark: 'code', glyph: glyphOf('</>', 'code') },
];
const BLOCK_BUTTONS: { format: BlockFormat; glyph: ReactNode }[] = [
  { format: 'bulleted-list', glyph: glyphOf('•≡') },
  { format: 'numbered-list', glyph: glyphOf('1≡') },
  { format: 'block-quote', glyph: glyphOf('❝') },
];

const MARK_KEYS: { keys: string; mark: NoteMark }[] = [
  { keys: '$mod+B', mark: 'bold' },
  { keys: '$mod+I', mark: 'italic' },
  { keys: '$mod+Shift+X', mark: 'strikethrough' },
  { keys: '$mod+E', mark: 'code' },
];

/**
 * The notes editor: a Slate document with a formatting toolbar, `$mod+B/I/K`, Markdown-style
 * typing and sanitised paste (editor.ts). `onSubmit` gets the document on "Add"/"Save" or
 * `$mod+Enter`; the parent decides when to clear it (it remounts this with a new key once saved).
 */
export function NoteEditor(props: {
  initialValue?: NoteDocument;
  label: string;
  platform: HostPlatform;
  submitLabel: string;
  submitHint: string;
  busy: boolean;
  autoFocus?: boolean;
  onSubmit: (document: NoteDocument) => void;
  onCancel?: () => void;
  /** Every edit, for keeping an unsaved draft. */
  onChange?: (document: NoteDocument) => void;
  onOpenLink: (url: string) => void;
}) {
  const { t } = useTranslation('notes');
  const editor = useMemo(() => withNoteEditor(withHistory(withReact(createEditor()))), []);
  const initial = useMemo(() => (props.initialValue ?? emptyDocument()) as Descendant[], [props.initialValue]);
  const [blank, setBlank] = useState(() => isBlank(initial));
  const [linkForm, setLinkForm] = useState<{ selection: BaseRange | null; url: string; error: boolean } | null>(null);
  const hintId = useId();
  const { platform, onSubmit, onCancel, busy } = props;

  const submit = useCallback(() => {
    if (busy || isBlank(editor.children)) return;
    onSubmit(editor.children as NoteDocument);
  }, [busy, editor, onSubmit]);

  const openLinkForm = useCallback(() => {
    const link = activeLink(editor);
    const selection = editor.selection;
    // The editor lets go of focus first. Otherwise Slate, still counting itself focused (its blur
    // handler ignores a blur that comes while it is syncing the DOM selection, as right after fast
    // typing), puts the DOM selection back into the editor when it re-renders with the form, and
    // focus with it: the address field opened without focus (1 in ~25 runs of notes.spec.ts).
    ReactEditor.blur(editor);
    setLinkForm({ selection, url: link?.url ?? '', error: false });
  }, [editor]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // While an input method composes (dead keys, pinyin, kana), every key belongs to it.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    const press = event.nativeEvent;
    const handled = () => {
      event.preventDefault();
      // The app-wide shortcuts (and the sidebar's Esc) must not act on these as well.
      event.stopPropagation();
    };
    if (matchesKeys(press, '$mod+Enter', platform)) {
      handled();
      submit();
      return;
    }
    if (event.key === 'Escape' && onCancel) {
      handled();
      onCancel();
      return;
    }
    if (matchesKeys(press, '$mod+K', platform)) {
      handled();
      openLinkForm();
      return;
    }
    for (const { keys, mark } of MARK_KEYS) {
      if (matchesKeys(press, keys, platform)) {
        handled();
        toggleMark(editor, mark);
        return;
      }
    }
    if (event.key === 'Enter' && event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      // Shift+Enter: a line break inside the paragraph, item or quote.
      event.preventDefault();
      editor.insertText('\n');
    }
  };

  const closeLinkForm = () => {
    const selection = linkForm?.selection;
    setLinkForm(null);
    ReactEditor.focus(editor);
    if (selection) Transforms.select(editor, selection);
  };

  const submitLink = () => {
    if (!linkForm) return;
    const raw = linkForm.url.trim();
    const url = parseNoteLinkUrl(withScheme(raw));
    if (!url) {
      setLinkForm({ ...linkForm, error: true });
      return;
    }
    setLinkForm(null);
    ReactEditor.focus(editor);
    if (linkForm.selection) Transforms.select(editor, linkForm.selection);
    else Transforms.select(editor, Editor.end(editor, []));
    applyLink(editor, url.href, url.protocol === 'mailto:' ? url.pathname : raw);
  };

  const removeLink = () => {
    if (linkForm?.selection) Transforms.select(editor, linkForm.selection);
    unwrapLink(editor);
    closeLinkForm();
  };

  const renderElement = useCallback((elementProps: RenderElementProps) => <EditorElement {...elementProps} onOpenLink={props.onOpenLink} />, [props.onOpenLink]);
  const renderLeaf = useCallback((leafProps: RenderLeafProps) => <Leaf {...leafProps} />, []);

  return (
    <div className="note-editor">
      <Slate
        editor={editor}
        initialValue={initial}
        onChange={(value) => {
          setBlank(isBlank(value));
          // Selection moves fire onChange too; only content changes are drafts.
          if (editor.operations.some((op) => op.type !== 'set_selection')) props.onChange?.(value as NoteDocument);
        }}
      >
        <Toolbar onLink={openLinkForm} />
        {linkForm && (
          <form
            className="note-link-form"
            onSubmit={(event) => {
              event.preventDefault();
              submitLink();
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                event.stopPropagation();
                closeLinkForm();
              }
            }}
          >
            <input
              type="text"
              inputMode="url"
              autoFocus
              aria-label={t('link.address')}
              aria-invalid={linkForm.error || undefined}
              placeholder="https://"
              value={linkForm.url}
              onChange={(event) => setLinkForm({ ...linkForm, url: event.target.value, error: false })}
            />
            <button type="submit" className="button">
              {t('link.apply')}
            </button>
            {activeLinkAt(editor, linkForm.selection) && (
              <button type="button" className="button" onClick={removeLink}>
                {t('link.remove')}
              </button>
            )}
            <button type="button" className="button" onClick={closeLinkForm}>
              {t('link.cancel')}
            </button>
            {linkForm.error && (
              <p className="note-link-error" role="alert">
                {t('link.invalid')}
              </p>
            )}
          </form>
        )}
        <Editable
          className="note-editable"
          role="textbox"
          aria-multiline="true"
          aria-label={props.label}
          aria-describedby={hintId}
          placeholder={t('placeholder')}
          autoFocus={props.autoFocus}
          renderElement={renderElement}
          renderLeaf={renderLeaf}
          onKeyDown={onKeyDown}
          onPaste={(event) => {
            // Handled here rather than in Chromium's beforeinput path, so every paste (also a
            // synthetic one) goes through the sanitising insertData in editor.ts.
            event.preventDefault();
            if (!editor.selection) Transforms.select(editor, Editor.end(editor, []));
            ReactEditor.insertData(editor, event.clipboardData);
          }}
        />
      </Slate>
      <div className="note-editor-actions">
        <span id={hintId} className="note-hint">
          {props.submitHint}
        </span>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
        <button type="button" className="button primary" disabled={blank || busy} onClick={submit}>
          {props.submitLabel}
        </button>
      </div>
    </div>
  );
}

function activeLinkAt(editor: Editor, selection: BaseRange | null): boolean {
  if (!selection) return false;
  const [match] = Editor.nodes(editor, { at: selection, match: (node) => 'type' in node && node.type === 'link' });
  return match !== undefined;
}

/** People type "example.com" or "ana@example.com": give them the scheme they meant. */
function withScheme(raw: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) return raw;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(raw)) return `mailto:${raw}`;
  if (/^[^\s/]+\.[^\s/]+/.test(raw)) return `https://${raw}`;
  return raw;
}

function isBlank(value: Descendant[]): boolean {
  return value.every((node) => Editor.isEditor(node) || nodeText(node).trim() === '');
}

function nodeText(node: Descendant): string {
  if ('text' in node) return node.text;
  return node.children.map((child) => nodeText(child as Descendant)).join('');
}

function Toolbar(props: { onLink: () => void }) {
  const { t } = useTranslation('notes');
  const editor = useSlate();
  const keep = (event: React.MouseEvent) => event.preventDefault(); // keep the editor's selection
  const link = activeLink(editor);
  // One tab stop for the whole toolbar, arrows move along it (the ARIA toolbar pattern).
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at === -1) return;
    const next =
      event.key === 'ArrowRight' ? (at + 1) % buttons.length
      : event.key === 'ArrowLeft' ? (at - 1 + buttons.length) % buttons.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? buttons.length - 1
      : -1;
    const current = buttons[at];
    const target = buttons[next];
    if (!current || !target) return;
    event.preventDefault();
    current.tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
  };
  return (
    <div className="note-toolbar" role="toolbar" aria-label={t('toolbar.label')} onKeyDown={onKeyDown}>
      {MARK_BUTTONS.map(({ mark, glyph }) => (
        <button
          key={mark}
          type="button"
          tabIndex={mark === 'bold' ? 0 : -1}
          className="note-tool"
          aria-label={t(`toolbar.${mark}`)}
          title={t(`toolbar.${mark}`)}
          aria-pressed={isMarkActive(editor, mark)}
          onMouseDown={keep}
          onClick={() => toggleMark(editor, mark)}
        >
          {glyph}
        </button>
      ))}
      <button
        type="button"
        tabIndex={-1}
        className="note-tool"
        aria-label={t('toolbar.link')}
        title={t('toolbar.link')}
        aria-pressed={link !== null}
        onMouseDown={keep}
        onClick={props.onLink}
      >
        <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
          <path d="M10 14a4.5 4.5 0 0 0 6.4 0l3.2-3.2a4.5 4.5 0 0 0-6.4-6.4L11.6 6" />
          <path d="M14 10a4.5 4.5 0 0 0-6.4 0l-3.2 3.2a4.5 4.5 0 0 0 6.4 6.4l1.6-1.6" />
        </svg>
      </button>
      {BLOCK_BUTTONS.map(({ format, glyph }) => (
        <button
          key={format}
          type="button"
          tabIndex={-1}
          className="note-tool"
          aria-label={t(`toolbar.${format}`)}
          title={t(`toolbar.${format}`)}
          aria-pressed={isBlockActive(editor, format)}
          onMouseDown={keep}
          onClick={() => toggleBlock(editor, format)}
        >
          {glyph}
        </button>
      ))}
    </div>
  );
}

function EditorElement(props: RenderElementProps & { onOpenLink: (url: string) => void }) {
  const { attributes, children, element } = props;
  switch (element.type) {
    case 'block-quote':
      return <blockquote {...attributes}>{children}</blockquote>;
    case 'bulleted-list':
      return <ul {...attributes}>{children}</ul>;
    case 'numbered-list':
      return <ol {...attributes}>{children}</ol>;
    case 'list-item':
      return <li {...attributes}>{children}</li>;
    case 'link': {
      // In the editor a link is text to edit; it opens from the saved note (NoteContent).
      const safe = parseNoteLinkUrl(element.url);
      return (
        <a {...attributes} className="note-link" href={safe?.href} title={safe?.href} onClick={(event) => event.preventDefault()}>
          {children}
        </a>
      );
    }
    default:
      return <p {...attributes}>{children}</p>;
  }
}

function Leaf(props: RenderLeafProps) {
  const { attributes, leaf } = props;
  let children = props.children;
  if (leaf.code) children = <code>{children}</code>;
  if (leaf.bold) children = <strong>{children}</strong>;
  if (leaf.italic) children = <em>{children}</em>;
  if (leaf.strikethrough) children = <s>{children}</s>;
  return <span {...attributes}>{children}</span>;
}
