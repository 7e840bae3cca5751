import {
  emptyDocument,
  normalizeInlines,
  type NoteBlock,
  type NoteDocument,
  type NoteInline,
  type NoteListItem,
} from './document';
import { decodeEntities, parseInline } from './markdown-inline';

export { decodeEntities, parseInline } from './markdown-inline';

/**
 * Markdown → note document, for the subset the editor supports: paragraphs, `**bold**`, `*italic*`
 * (or `_italic_`), `~~strikethrough~~`, `` `code` ``, `[links](url)`, `-`/`*`/`+` and `1.` lists and
 * `>` quotes. It follows CommonMark where that subset is concerned, with two deliberate differences:
 * - a line break inside a paragraph is kept as a line break (Chatwoot renders notes that way), and
 * - emphasis flanking ignores CommonMark's punctuation clause (`**a.**b` is bold), so everything
 *   the serialiser writes reads back the same.
 * Everything else (headings, tables, images, code blocks, HTML, nested lists, rules) keeps its TEXT
 * as plain paragraphs or list items; HTML tags themselves are dropped, their text kept.
 */
export function markdownToDocument(markdown: string): NoteDocument {
  const lines = markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/^\t+/, (tabs) => '    '.repeat(tabs.length)));
  const blocks: NoteBlock[] = [];
  for (const raw of parseBlocks(lines)) {
    const block = toNoteBlock(raw);
    if (block) blocks.push(block);
  }
  return blocks.length > 0 ? blocks : emptyDocument();
}

// ---------------------------------------------------------------------------------------------
// Blocks

interface RawText {
  source: string;
  /** Literal text (code blocks, stripped HTML): no inline Markdown inside. */
  plain: boolean;
}

type RawBlock =
  | ({ kind: 'paragraph' | 'quote' } & RawText)
  | { kind: 'list'; ordered: boolean; items: RawText[] };

const FENCE = /^(`{3,}|~{3,})(.*)$/;
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const ATX_HEADING = /^(#{1,6})(?:[ \t]+(.*)|$)/;
const SETEXT_UNDERLINE = /^(?:=+|-+)[ \t]*$/;
const LIST_MARKER = /^([-+*]|(\d{1,9})([.)]))(?:([ \t]+)(.*)|$)/;
const HTML_BLOCK_START = /^<(?:\/?[a-zA-Z][a-zA-Z0-9-]*(?:[\s/>]|$)|!--|[?!])/;
const TABLE_DELIMITER = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

interface ListMarker {
  indent: number;
  ordered: boolean;
  number: number;
  /** `-`, `+`, `*`, or the ordered delimiter `.`/`)`: a different one starts a new list. */
  symbol: string;
  contentIndent: number;
  content: string;
}

function listMarkerOf(line: string): ListMarker | null {
  const indent = indentOf(line);
  const match = LIST_MARKER.exec(line.slice(indent));
  if (!match) return null;
  const [, marker, digits, delimiter, spaces, content] = match;
  const ordered = digits !== undefined;
  const gap = spaces === undefined ? 1 : spaces.length > 4 ? 1 : spaces.length;
  return {
    indent,
    ordered,
    number: ordered ? Number(digits) : 0,
    symbol: ordered ? delimiter! : marker!,
    contentIndent: indent + marker!.length + gap,
    content: (content ?? '').trim(),
  };
}

/** Would this line start a block other than a paragraph line (so it ends a lazy continuation)? */
function startsBlock(stripped: string): boolean {
  return (
    FENCE.test(stripped) ||
    THEMATIC_BREAK.test(stripped) ||
    ATX_HEADING.test(stripped) ||
    stripped.startsWith('>') ||
    HTML_BLOCK_START.test(stripped)
  );
}

function stripTags(html: string): string {
  return html.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(/<\/?[a-zA-Z!?][^>]*>?/g, '');
}

function parseBlocks(lines: readonly string[]): RawBlock[] {
  const out: RawBlock[] = [];
  let paragraph: string[] | null = null;
  const flush = () => {
    if (paragraph) out.push({ kind: 'paragraph', source: paragraph.join('\n'), plain: false });
    paragraph = null;
  };
  const pushPlain = (text: string) => {
    if (text.trim() !== '') out.push({ kind: 'paragraph', source: text, plain: true });
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      flush();
      i++;
      continue;
    }
    const indent = indentOf(line);
    if (paragraph && indent >= 4) {
      paragraph.push(line.trim());
      i++;
      continue;
    }
    if (indent >= 4) {
      // Indented code: its text, as written.
      const code: string[] = [];
      while (i < lines.length && (isBlank(lines[i]!) || indentOf(lines[i]!) >= 4)) code.push(lines[i++]!.slice(4));
      pushPlain(code.join('\n').replace(/\s+$/, ''));
      continue;
    }
    const stripped = line.slice(indent);

    const fence = FENCE.exec(stripped);
    if (fence && !(fence[1]![0] === '`' && fence[2]!.includes('`'))) {
      flush();
      const closing = new RegExp(`^ {0,3}${fence[1]![0] === '`' ? '`' : '~'}{${fence[1]!.length},}[ \\t]*$`);
      const code: string[] = [];
      i++;
      while (i < lines.length && !closing.test(lines[i]!)) code.push(lines[i++]!);
      i++;
      pushPlain(code.join('\n').replace(/\s+$/, ''));
      continue;
    }
    if (paragraph && SETEXT_UNDERLINE.test(stripped)) {
      flush();
      i++;
      continue;
    }
    if (THEMATIC_BREAK.test(stripped)) {
      flush();
      i++;
      continue;
    }
    const heading = ATX_HEADING.exec(stripped);
    if (heading) {
      flush();
      const content = (heading[2] ?? '').replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim();
      if (content) out.push({ kind: 'paragraph', source: content, plain: false });
      i++;
      continue;
    }
    if (stripped.startsWith('>')) {
      flush();
      const inner: string[] = [];
      let lazyAllowed = false;
      while (i < lines.length) {
        const current = lines[i]!;
        const currentIndent = indentOf(current);
        const rest = current.slice(currentIndent);
        if (currentIndent < 4 && rest.startsWith('>')) {
          // Nested quotes are flattened anyway: strip every level at once (no recursion per `>`).
          const body = rest.replace(/^(?:> ?)+/, '');
          inner.push(body);
          lazyAllowed = !isBlank(body);
        } else if (lazyAllowed && !isBlank(current) && !startsBlock(rest) && !listMarkerOf(current)) {
          inner.push(current.trim());
        } else {
          break;
        }
        i++;
      }
      for (const block of parseBlocks(inner)) {
        if (block.kind === 'list') for (const item of block.items) out.push({ kind: 'quote', ...item });
        else out.push({ ...block, kind: 'quote' });
      }
      continue;
    }
    const marker = listMarkerOf(line);
    if (marker && !(paragraph && (marker.content === '' || (marker.ordered && marker.number !== 1)))) {
      flush();
      i = parseList(lines, i, marker, out);
      continue;
    }
    if (!paragraph && HTML_BLOCK_START.test(stripped)) {
      const html: string[] = [];
      while (i < lines.length && !isBlank(lines[i]!)) html.push(lines[i++]!);
      pushPlain(
        decodeEntities(stripTags(html.join('\n')))
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== '')
          .join('\n'),
      );
      continue;
    }
    if (!paragraph && /(?<!\\)\|/.test(stripped) && i + 1 < lines.length && TABLE_DELIMITER.test(lines[i + 1]!.trim()) && lines[i + 1]!.includes('-')) {
      // A table: each row becomes a paragraph of its cells.
      const rows = [line];
      i += 2;
      while (i < lines.length && !isBlank(lines[i]!) && lines[i]!.includes('|')) rows.push(lines[i++]!);
      for (const row of rows) {
        const cells = splitTableRow(row.trim());
        if (cells.some((cell) => cell !== '')) out.push({ kind: 'paragraph', source: cells.join(' | '), plain: false });
      }
      continue;
    }
    if (paragraph) paragraph.push(stripped.trim());
    else paragraph = [stripped.trim()];
    i++;
  }
  flush();
  return out;
}

function splitTableRow(row: string): string[] {
  const body = row.replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return body.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

/** Reads one list from `start`; nested items are flattened into it. Returns the next line to read. */
function parseList(lines: readonly string[], start: number, first: ListMarker, out: RawBlock[]): number {
  const items: RawText[] = [];
  let current: string[] = [first.content];
  let contentIndent = first.contentIndent;
  let i = start + 1;
  const finishItem = () => items.push({ source: current.join('\n'), plain: false });

  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      let next = i + 1;
      while (next < lines.length && isBlank(lines[next]!)) next++;
      if (next >= lines.length) break;
      const nextLine = lines[next]!;
      const nextMarker = listMarkerOf(nextLine);
      const continues =
        indentOf(nextLine) >= contentIndent ||
        (nextMarker !== null && (nextMarker.indent > first.indent || sameKind(nextMarker, first)));
      if (!continues) break;
      i = next;
      continue;
    }
    const marker = indentOf(line) < contentIndent + 4 ? listMarkerOf(line) : null;
    if (marker && (marker.indent > first.indent || sameKind(marker, first))) {
      finishItem();
      current = [marker.content];
      contentIndent = marker.contentIndent;
      i++;
      continue;
    }
    if (marker) break;
    const indent = indentOf(line);
    if (indent >= contentIndent) {
      current.push(line.trim());
    } else if (!startsBlock(line.slice(indent)) && !isBlank(lines[i - 1]!)) {
      current.push(line.trim()); // lazy continuation
    } else {
      break;
    }
    i++;
  }
  finishItem();
  out.push({ kind: 'list', ordered: first.ordered, items });
  return i;
}

function sameKind(a: ListMarker, b: ListMarker): boolean {
  return a.ordered === b.ordered && a.symbol === b.symbol;
}

function toNoteBlock(raw: RawBlock): NoteBlock | null {
  if (raw.kind === 'list') {
    const children: NoteListItem[] = raw.items.map((item) => ({ type: 'list-item', children: inlinesOf(item) }));
    return { type: raw.ordered ? 'numbered-list' : 'bulleted-list', children };
  }
  const children = inlinesOf(raw);
  const only = children.length === 1 ? children[0] : undefined;
  if (only && !('type' in only) && only.text === '') return null;
  return { type: raw.kind === 'quote' ? 'block-quote' : 'paragraph', children };
}

function inlinesOf(raw: RawText): NoteInline[] {
  return raw.plain ? normalizeInlines([{ text: raw.source }]) : parseInline(raw.source);
}
