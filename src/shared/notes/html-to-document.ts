import { parseNoteLinkUrl } from '../url-policy';
import {
  normalizeInlines,
  type NoteBlock,
  type NoteInline,
  type NoteListType,
  type NoteMark,
  type NoteText,
} from './document';

/**
 * Pasted HTML (a web page, Google Docs, Word) → note blocks, by walking an already parsed, inert
 * document (the renderer's `DOMParser`) through an allow-list. Kept: text, bold, italic,
 * strikethrough, inline code, line breaks, paragraphs, lists, quotes, and links whose URL passes
 * the note link policy (http, https, mailto). Everything else is dropped — elements like script,
 * style, iframe, img and svg with all their content, every attribute but the few read here, every
 * other URL — and no HTML ever reaches the page: the result is plain data for Slate.
 *
 * The DOM is described structurally so this stays pure (src/shared has no DOM); a browser `Node`
 * satisfies `HtmlNode`.
 */
export interface HtmlNode {
  /** 1 element, 3 text; anything else (comments, processing instructions) is ignored. */
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<HtmlNode>;
  getAttribute?(name: string): string | null;
}

/** Never read, never walked into: they run code, load things, or hold no visible text. */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'img', 'picture', 'video', 'audio', 'source', 'track', 'canvas', 'svg', 'math', 'head', 'title', 'meta',
  'link', 'base', 'input', 'select', 'textarea', 'button', 'option', 'datalist', 'map', 'area', 'param', 'xml',
]);

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'body',
]);

const TAG_MARKS: Record<string, NoteMark> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  cite: 'italic',
  var: 'italic',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  code: 'code',
  kbd: 'code',
  samp: 'code',
  tt: 'code',
};

/** Stops pathological input (a 50 MB page) from freezing the window; far beyond any real note. */
export const MAX_PASTED_TEXT = 100_000;
const MAX_DEPTH = 600;

interface Context {
  marks: ReadonlySet<NoteMark>;
  link: string | null;
  quote: boolean;
  pre: boolean;
  listType: NoteListType | null;
  /** Inside a list item, nested blocks continue the item on a new line. */
  inItem: boolean;
}

interface Segment {
  text: string;
  marks: ReadonlySet<NoteMark>;
  link: string | null;
}

type BlockKind = { type: 'paragraph' } | { type: 'block-quote' } | { type: 'list-item'; listType: NoteListType };

export function htmlToDocument(root: HtmlNode): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  let segments: Segment[] = [];
  let kind: BlockKind = { type: 'paragraph' };
  let length = 0;

  const flush = () => {
    const inlines = segmentsToInlines(segments);
    segments = [];
    if (inlines.every((node) => 'text' in node && node.text === '')) return;
    if (kind.type === 'list-item') {
      const last = blocks[blocks.length - 1];
      const item = { type: 'list-item' as const, children: inlines };
      if (last && last.type === kind.listType) last.children.push(item);
      else blocks.push({ type: kind.listType, children: [item] });
    } else {
      blocks.push({ type: kind.type, children: inlines });
    }
  };

  const pushText = (raw: string, context: Context) => {
    if (length >= MAX_PASTED_TEXT) return;
    let text = context.pre ? raw.replace(/\r\n?/g, '\n') : raw.replace(/[ \t\n\r\f]+/g, ' ');
    const previous = segments[segments.length - 1];
    if (!context.pre && text.startsWith(' ') && (!previous || /[ \n]$/.test(previous.text))) text = text.slice(1);
    if (text === '') return;
    text = text.slice(0, MAX_PASTED_TEXT - length);
    length += text.length;
    segments.push({ text, marks: context.marks, link: context.link });
  };

  const startBlock = (next: BlockKind, context: Context) => {
    if (context.inItem) {
      // A paragraph inside a list item (Google Docs wraps every item's text in <p>): a new line.
      if (segments.length > 0 && !segments[segments.length - 1]!.text.endsWith('\n')) {
        segments.push({ text: '\n', marks: new Set(), link: null });
      }
      return;
    }
    flush();
    kind = next;
  };

  const walk = (node: HtmlNode, context: Context, depth = 0): void => {
    // Chromium's parser stops nesting at 512; other producers of HtmlNode trees might not.
    if (depth > MAX_DEPTH) return;
    if (node.nodeType === 3) {
      pushText(node.nodeValue ?? '', context);
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const tag = node.nodeName.toLowerCase();
    if (DROPPED.has(tag)) return;
    const attribute = (name: string) => (node.getAttribute ? node.getAttribute(name) : null);
    const style = (attribute('style') ?? '').toLowerCase().replace(/\s+/g, '');
    if (attribute('hidden') !== null || /display:none|visibility:hidden/.test(style)) return;
    // Word's list bullets and numbers ("·", "1.") live in these spans: the list structure says it.
    if (style.includes('mso-list:ignore')) return;

    const context2: Context = { ...context, marks: marksFor(tag, style, context.marks) };
    if (tag === 'a') {
      const href = attribute('href');
      const url = href === null ? null : parseNoteLinkUrl(href.trim());
      if (url && context.link === null) context2.link = url.href;
    }
    const walkChildren = (inner: Context) => {
      for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!, inner, depth + 1);
    };

    if (tag === 'br') {
      segments.push({ text: '\n', marks: new Set(), link: null });
      return;
    }
    if (tag === 'ul' || tag === 'ol') {
      flush();
      walkChildren({ ...context2, listType: tag === 'ol' ? 'numbered-list' : 'bulleted-list', inItem: false });
      flush();
      return;
    }
    if (tag === 'li' || isWordListParagraph(node, tag, style)) {
      flush();
      const listType = context.listType ?? (tag === 'li' ? 'bulleted-list' : wordListType(node));
      kind = { type: 'list-item', listType };
      walkChildren({ ...context2, inItem: true });
      flush();
      kind = { type: context.quote ? 'block-quote' : 'paragraph' };
      return;
    }
    if (tag === 'blockquote') {
      startBlock({ type: 'block-quote' }, context);
      walkChildren({ ...context2, quote: true });
      if (!context.inItem) {
        flush();
        kind = { type: context.quote ? 'block-quote' : 'paragraph' };
      }
      return;
    }
    if (tag === 'td' || tag === 'th') {
      const previous = segments[segments.length - 1];
      if (previous && !/[ \n]$/.test(previous.text)) segments.push({ text: ' ', marks: new Set(), link: null });
      walkChildren(context2);
      return;
    }
    if (BLOCKS.has(tag)) {
      startBlock({ type: context.quote ? 'block-quote' : 'paragraph' }, context);
      walkChildren({ ...context2, pre: context.pre || tag === 'pre' });
      if (!context.inItem) flush();
      else if (segments.length > 0 && !segments[segments.length - 1]!.text.endsWith('\n')) {
        segments.push({ text: '\n', marks: new Set(), link: null });
      }
      return;
    }
    walkChildren(context2);
  };

  walk(root, { marks: new Set(), link: null, quote: false, pre: false, listType: null, inItem: false });
  flush();
  return blocks;
}

function marksFor(tag: string, style: string, inherited: ReadonlySet<NoteMark>): ReadonlySet<NoteMark> {
  const marks = new Set(inherited);
  const tagMark = TAG_MARKS[tag];
  if (tagMark) marks.add(tagMark);
  const weight = /font-weight:([a-z0-9]+)/.exec(style)?.[1];
  if (weight) {
    // Google Docs wraps the whole clipboard in <b style="font-weight:normal">: the style wins.
    if (weight === 'bold' || weight === 'bolder' || /^[6-9]00$/.test(weight)) marks.add('bold');
    else marks.delete('bold');
  }
  const fontStyle = /font-style:([a-z]+)/.exec(style)?.[1];
  if (fontStyle === 'italic' || fontStyle === 'oblique') marks.add('italic');
  else if (fontStyle === 'normal') marks.delete('italic');
  if (/text-decoration(?:-line)?:[^;]*line-through/.test(style)) marks.add('strikethrough');
  return marks;
}

function isWordListParagraph(node: HtmlNode, tag: string, style: string): boolean {
  if (tag !== 'p') return false;
  const className = node.getAttribute ? (node.getAttribute('class') ?? '') : '';
  return /\bmso-list:l\d/.test(style) || /^MsoListParagraph/.test(className);
}

/** Word writes the number or bullet into an `mso-list:Ignore` span: a digit or letter and "." means numbered. */
function wordListType(node: HtmlNode): NoteListType {
  const marker = findIgnoredMarker(node);
  return marker !== null && /^\s*[0-9a-zA-Z]{1,4}[.)]/.test(marker) ? 'numbered-list' : 'bulleted-list';
}

function findIgnoredMarker(node: HtmlNode): string | null {
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes[i]!;
    if (child.nodeType !== 1) continue;
    const style = (child.getAttribute?.('style') ?? '').toLowerCase().replace(/\s+/g, '');
    if (style.includes('mso-list:ignore')) return textOf(child);
    const inner = findIgnoredMarker(child);
    if (inner !== null) return inner;
  }
  return null;
}

function textOf(node: HtmlNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  let text = '';
  for (let i = 0; i < node.childNodes.length; i++) text += textOf(node.childNodes[i]!);
  return text;
}

function segmentsToInlines(segments: readonly Segment[]): NoteInline[] {
  // Trim whitespace at the block's edges and around line breaks, as a browser renders it.
  const cleaned = segments.map((segment) => ({ ...segment }));
  cleaned.forEach((segment, i) => {
    const before = cleaned[i - 1];
    const after = cleaned[i + 1];
    if (!before || before.text.endsWith('\n')) segment.text = segment.text.replace(/^ +/, '');
    if (!after || after.text.startsWith('\n')) segment.text = segment.text.replace(/ +$/, '');
  });
  const kept = cleaned.filter((segment) => segment.text !== '');
  while (kept.length > 0 && kept[0]!.text === '\n') kept.shift();
  while (kept.length > 0 && kept[kept.length - 1]!.text === '\n') kept.pop();

  const inlines: NoteInline[] = [];
  for (const segment of kept) {
    const leaf: NoteText = { text: segment.text };
    if (segment.text !== '\n') for (const mark of segment.marks) leaf[mark] = true;
    const last = inlines[inlines.length - 1];
    if (segment.link !== null && segment.text !== '\n') {
      if (last && 'type' in last && last.url === segment.link) last.children.push(leaf);
      else inlines.push({ type: 'link', url: segment.link, children: [leaf] });
    } else {
      inlines.push(leaf);
    }
  }
  return normalizeInlines(inlines);
}
