import {
  Editor,
  Element as SlateElement,
  Node as SlateNode,
  Point,
  Range,
  Text,
  Transforms,
  type BaseEditor,
  type NodeEntry,
} from 'slate';
import type { HistoryEditor } from 'slate-history';
import type { ReactEditor } from 'slate-react';
import {
  htmlToDocument,
  parseNoteDocument,
  type NoteLink,
  type NoteListItem,
  type NoteListType,
  type NoteMark,
  type NoteBlock,
  type NoteText,
} from '../../../shared/notes';

type NoteElement = NoteBlock | NoteListItem | NoteLink;

declare module 'slate' {
  interface CustomTypes {
    Editor: BaseEditor & ReactEditor & HistoryEditor;
    Element: NoteElement;
    Text: NoteText;
  }
}

export type NoteEditor = Editor;
export type BlockFormat = 'block-quote' | NoteListType;

const LIST_TYPES: readonly string[] = ['bulleted-list', 'numbered-list'];

// ---------------------------------------------------------------------------------------------
// Marks and blocks

export function isMarkActive(editor: Editor, mark: NoteMark): boolean {
  const marks = Editor.marks(editor);
  return marks ? marks[mark] === true : false;
}

export function toggleMark(editor: Editor, mark: NoteMark): void {
  if (isMarkActive(editor, mark)) Editor.removeMark(editor, mark);
  else Editor.addMark(editor, mark, true);
}

export function isBlockActive(editor: Editor, format: BlockFormat): boolean {
  const { selection } = editor;
  if (!selection) return false;
  const [match] = Editor.nodes(editor, {
    at: Editor.unhangRange(editor, selection),
    match: (node) => SlateElement.isElement(node) && node.type === format,
  });
  return match !== undefined;
}

/** The Slate "richtext" example's toggle: lists wrap list items, the quote is a block type. */
export function toggleBlock(editor: Editor, format: BlockFormat): void {
  const active = isBlockActive(editor, format);
  const isList = LIST_TYPES.includes(format);
  Transforms.unwrapNodes(editor, {
    match: (node) => SlateElement.isElement(node) && LIST_TYPES.includes(node.type),
    split: true,
  });
  const type = active ? 'paragraph' : isList ? 'list-item' : format;
  Transforms.setNodes<SlateElement>(editor, { type }, {
    match: (node) => SlateElement.isElement(node) && Editor.isBlock(editor, node),
  });
  if (!active && isList) Transforms.wrapNodes(editor, { type: format as NoteListType, children: [] });
}

// ---------------------------------------------------------------------------------------------
// Links

export function activeLink(editor: Editor): NoteLink | null {
  const [match] = Editor.nodes(editor, {
    match: (node) => SlateElement.isElement(node) && node.type === 'link',
  });
  return match ? (match[0]) : null;
}

export function unwrapLink(editor: Editor): void {
  Transforms.unwrapNodes(editor, { match: (node) => SlateElement.isElement(node) && node.type === 'link' });
}

/** Links the selection to `url`; with nothing selected, inserts the URL itself as the link's text. */
export function applyLink(editor: Editor, url: string, text?: string): void {
  if (activeLink(editor)) unwrapLink(editor);
  const { selection } = editor;
  const collapsed = !selection || Range.isCollapsed(selection);
  if (collapsed) {
    Transforms.insertNodes(editor, { type: 'link', url, children: [{ text: text || url }] });
    Transforms.move(editor, { unit: 'offset' });
  } else {
    Transforms.wrapNodes(editor, { type: 'link', url, children: [] }, { split: true });
    Transforms.collapse(editor, { edge: 'end' });
  }
}

// ---------------------------------------------------------------------------------------------
// The plugin: inline links, Markdown-style typing, Enter/Backspace in lists and quotes, paste.

const BLOCK_SHORTCUTS: { pattern: RegExp; format: BlockFormat }[] = [
  { pattern: /^[-*+]$/, format: 'bulleted-list' },
  { pattern: /^\d{1,9}[.)]$/, format: 'numbered-list' },
  { pattern: /^>$/, format: 'block-quote' },
];

/** Closing delimiters typed after text: `**bold**`, `__bold__`, `~~strike~~`, `` `code` ``, `*italic*`, `_italic_`. */
const INLINE_SHORTCUTS: { pattern: RegExp; mark: NoteMark }[] = [
  { pattern: /(?<![*\\])\*\*([^*\s](?:[^*]*[^*\s])?)\*\*$/, mark: 'bold' },
  { pattern: /(?<![_\w\\])__([^_\s](?:[^_]*[^_\s])?)__$/, mark: 'bold' },
  { pattern: /(?<![~\\])~~([^~\s](?:[^~]*[^~\s])?)~~$/, mark: 'strikethrough' },
  { pattern: /(?<![`\\])`([^`]+)`$/, mark: 'code' },
  { pattern: /(?<![*\\])\*([^*\s](?:[^*]*[^*\s])?)\*$/, mark: 'italic' },
  { pattern: /(?<![_\w\\])_([^_\s](?:[^_]*[^_\s])?)_$/, mark: 'italic' },
];

function currentBlock(editor: Editor): NodeEntry<SlateElement> | undefined {
  return Editor.above<SlateElement>(editor, {
    match: (node): node is SlateElement => SlateElement.isElement(node) && Editor.isBlock(editor, node),
  });
}

export function withNoteEditor(editor: Editor): Editor {
  const { isInline, insertText, insertBreak, deleteBackward, insertData } = editor;

  editor.isInline = (element) => element.type === 'link' || isInline(element);

  editor.insertText = (text) => {
    const { selection } = editor;
    if (text === ' ' && selection && Range.isCollapsed(selection)) {
      const block = currentBlock(editor);
      if (block && block[0].type === 'paragraph') {
        const start = Editor.start(editor, block[1]);
        const before = Editor.string(editor, { anchor: start, focus: selection.anchor });
        const shortcut = BLOCK_SHORTCUTS.find((candidate) => candidate.pattern.test(before));
        if (shortcut) {
          Transforms.delete(editor, { at: { anchor: start, focus: selection.anchor } });
          toggleBlock(editor, shortcut.format);
          return;
        }
      }
    }
    insertText(text);
    if (/[*_~`]$/.test(text)) applyInlineShortcut(editor);
  };

  editor.insertBreak = () => {
    const block = currentBlock(editor);
    if (block && (block[0].type === 'list-item' || block[0].type === 'block-quote') && Editor.isEmpty(editor, block[0])) {
      // Enter on an empty item or quote line leaves the list or quote, as in every editor.
      toggleBlock(editor, block[0].type === 'list-item' ? (listTypeAt(editor) ?? 'bulleted-list') : 'block-quote');
      return;
    }
    insertBreak();
  };

  editor.deleteBackward = (unit) => {
    const { selection } = editor;
    const block = currentBlock(editor);
    if (selection && Range.isCollapsed(selection) && block && block[0].type !== 'paragraph') {
      if (Point.equals(selection.anchor, Editor.start(editor, block[1]))) {
        toggleBlock(editor, block[0].type === 'list-item' ? (listTypeAt(editor) ?? 'bulleted-list') : 'block-quote');
        return;
      }
    }
    deleteBackward(unit);
  };

  editor.insertData = (data) => {
    const blocks = pastedBlocks(data);
    if (blocks === null) {
      insertData(data);
      return;
    }
    if (blocks.length > 0) Transforms.insertFragment(editor, blocks);
  };

  return editor;
}

function listTypeAt(editor: Editor): NoteListType | null {
  const list = Editor.above<SlateElement>(editor, {
    match: (node): node is SlateElement => SlateElement.isElement(node) && LIST_TYPES.includes(node.type),
  });
  return list ? (list[0].type as NoteListType) : null;
}

function applyInlineShortcut(editor: Editor): void {
  const { selection } = editor;
  if (!selection || !Range.isCollapsed(selection)) return;
  const { path, offset } = selection.anchor;
  const leaf = SlateNode.get(editor, path);
  if (!Text.isText(leaf) || leaf.code) return;
  const before = leaf.text.slice(0, offset);
  for (const { pattern, mark } of INLINE_SHORTCUTS) {
    const match = pattern.exec(before);
    const inner = match?.[1];
    if (!match || inner === undefined) continue;
    const start = offset - match[0].length;
    Transforms.delete(editor, { at: { anchor: { path, offset: start }, focus: { path, offset } } });
    const { text: _text, ...leafMarks } = leaf;
    Transforms.insertNodes(editor, { ...leafMarks, text: inner, [mark]: true }, { at: { path, offset: start }, select: true });
    Transforms.collapse(editor, { edge: 'end' });
    // Typing on after the closing delimiter continues without the mark.
    Editor.removeMark(editor, mark);
    return;
  }
}

/**
 * What a paste inserts: our own Slate fragment (checked like any stored document), or sanitised
 * HTML; null leaves plain text to Slate's default (one paragraph per line).
 */
export function pastedBlocks(data: DataTransfer): NoteBlock[] | null {
  const fragment = data.getData('application/x-slate-fragment');
  if (fragment) {
    try {
      const parsed = parseNoteDocument(JSON.parse(decodeURIComponent(window.atob(fragment))));
      if (parsed) return parsed;
    } catch {
      // Not ours after all: fall through to HTML or text.
    }
  }
  const html = data.getData('text/html');
  if (html) {
    // DOMParser documents are inert: no script runs, no image or frame loads while we read it.
    const document = new DOMParser().parseFromString(html, 'text/html');
    const blocks = htmlToDocument(document.body);
    if (blocks.length > 0 || !data.getData('text/plain')) return blocks;
  }
  return null;
}
