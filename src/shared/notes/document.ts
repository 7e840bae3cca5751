/**
 * The rich-text shape of a note: the Slate document the editor holds, written out here so the pure
 * Markdown conversion, the sync engine and the server can handle it without importing Slate.
 *
 * Blocks are the Slate "richtext" example's: paragraphs and quotes hold inline content directly,
 * lists hold list items that do. Lists do not nest (Chatwoot's notes rarely do; nested items from
 * the server are flattened into the outer list, keeping their text).
 */

export const NOTE_MARKS = ['bold', 'italic', 'strikethrough', 'code'] as const;
export type NoteMark = (typeof NOTE_MARKS)[number];

export interface NoteText {
  text: string;
  bold?: true;
  italic?: true;
  strikethrough?: true;
  code?: true;
}

export interface NoteLink {
  type: 'link';
  /** As written; only parsed http(s)/mailto URLs are ever opened (src/shared/url-policy.ts). */
  url: string;
  children: NoteText[];
}

export type NoteInline = NoteText | NoteLink;

export interface NoteParagraph {
  type: 'paragraph';
  children: NoteInline[];
}

export interface NoteQuote {
  type: 'block-quote';
  children: NoteInline[];
}

export interface NoteListItem {
  type: 'list-item';
  children: NoteInline[];
}

export type NoteListType = 'bulleted-list' | 'numbered-list';

export interface NoteList {
  type: NoteListType;
  children: NoteListItem[];
}

export type NoteBlock = NoteParagraph | NoteQuote | NoteList;
export type NoteDocument = NoteBlock[];

export function isLink(node: NoteInline): node is NoteLink {
  return 'type' in node && node.type === 'link';
}

export function isList(block: NoteBlock): block is NoteList {
  return block.type === 'bulleted-list' || block.type === 'numbered-list';
}

export function emptyDocument(): NoteDocument {
  return [{ type: 'paragraph', children: [{ text: '' }] }];
}

export function marksOf(leaf: NoteText): NoteMark[] {
  return NOTE_MARKS.filter((mark) => leaf[mark] === true);
}

export function sameMarks(a: NoteText, b: NoteText): boolean {
  return NOTE_MARKS.every((mark) => (a[mark] === true) === (b[mark] === true));
}

export function textWithMarks(text: string, marks: Iterable<NoteMark>): NoteText {
  const leaf: NoteText = { text };
  for (const mark of marks) leaf[mark] = true;
  return leaf;
}

/**
 * Slate's own normal form for inline content, so a converted document equals what the editor holds:
 * adjacent texts with the same marks merged, empty texts dropped except where Slate requires one
 * (at the start and end, and between two links), links never empty.
 */
export function normalizeInlines(inlines: readonly NoteInline[]): NoteInline[] {
  const out: NoteInline[] = [];
  for (const node of inlines) {
    if (isLink(node)) {
      const children = mergeTexts(node.children);
      if (children.every((child) => child.text === '')) continue;
      if (out.length === 0 || isLink(out[out.length - 1]!)) out.push({ text: '' });
      out.push({ type: 'link', url: node.url, children });
      continue;
    }
    const last = out[out.length - 1];
    if (node.text === '') continue;
    if (last && !isLink(last) && (last.text === '' || sameMarks(last, node))) {
      out[out.length - 1] = last.text === '' ? { ...node } : { ...last, text: last.text + node.text };
    } else {
      out.push({ ...node });
    }
  }
  if (out.length === 0 || isLink(out[out.length - 1]!)) out.push({ text: '' });
  return out;
}

function mergeTexts(texts: readonly NoteText[]): NoteText[] {
  const out: NoteText[] = [];
  for (const text of texts) {
    if (text.text === '') continue;
    const last = out[out.length - 1];
    if (last && sameMarks(last, text)) out[out.length - 1] = { ...last, text: last.text + text.text };
    else out.push({ ...text });
  }
  return out.length > 0 ? out : [{ text: '' }];
}

/** The text of inline content, links included, marks dropped. */
export function inlineText(inlines: readonly NoteInline[]): string {
  let text = '';
  for (const node of inlines) text += isLink(node) ? node.children.map((c) => c.text).join('') : node.text;
  return text;
}

/** The note's words, one line per block: for search and for "is this note empty". */
export function documentText(document: readonly NoteBlock[]): string {
  const lines: string[] = [];
  for (const block of document) {
    if (isList(block)) for (const item of block.children) lines.push(inlineText(item.children));
    else lines.push(inlineText(block.children));
  }
  return lines.join('\n');
}

export function isDocumentBlank(document: readonly NoteBlock[]): boolean {
  return documentText(document).trim() === '';
}

/**
 * Reads a stored `bodySlate` (from IndexedDB or another window: `unknown`) into a document, keeping
 * only the node types and marks above. Anything else is dropped; unknown containers keep their text.
 * Returns null when nothing usable is there, so the caller falls back to the Markdown.
 */
export function parseNoteDocument(value: unknown): NoteDocument | null {
  if (!Array.isArray(value)) return null;
  const blocks: NoteBlock[] = [];
  for (const raw of value) {
    const block = parseBlock(raw);
    if (block) blocks.push(block);
  }
  return blocks.length > 0 ? blocks : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseBlock(raw: unknown): NoteBlock | null {
  if (!isRecord(raw) || !Array.isArray(raw.children)) return null;
  if (raw.type === 'bulleted-list' || raw.type === 'numbered-list') {
    const items: NoteListItem[] = [];
    for (const child of raw.children) {
      if (!isRecord(child) || !Array.isArray(child.children)) continue;
      items.push({ type: 'list-item', children: normalizeInlines(parseInlines(child.children)) });
    }
    return items.length > 0 ? { type: raw.type, children: items } : null;
  }
  const type = raw.type === 'block-quote' ? 'block-quote' : 'paragraph';
  return { type, children: normalizeInlines(parseInlines(raw.children)) };
}

function parseInlines(children: unknown[]): NoteInline[] {
  const out: NoteInline[] = [];
  for (const child of children) {
    if (!isRecord(child)) continue;
    if (typeof child.text === 'string') {
      out.push(parseText(child));
    } else if (Array.isArray(child.children)) {
      const texts = parseInlines(child.children).flatMap((node) => (isLink(node) ? node.children : [node]));
      if (child.type === 'link' && typeof child.url === 'string') out.push({ type: 'link', url: child.url, children: texts });
      else out.push(...texts);
    }
  }
  return out;
}

function parseText(raw: Record<string, unknown>): NoteText {
  const leaf: NoteText = { text: String(raw.text) };
  for (const mark of NOTE_MARKS) if (raw[mark] === true) leaf[mark] = true;
  return leaf;
}
