import {
  emptyDocument,
  normalizeInlines,
  type NoteBlock,
  type NoteDocument,
  type NoteInline,
  type NoteListItem,
  type NoteMark,
  type NoteText,
} from './document';

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
  if (children.length === 1 && (children[0] as NoteText).text === '') return null;
  return { type: raw.kind === 'quote' ? 'block-quote' : 'paragraph', children };
}

function inlinesOf(raw: RawText): NoteInline[] {
  return raw.plain ? normalizeInlines([{ text: raw.source }]) : parseInline(raw.source);
}

// ---------------------------------------------------------------------------------------------
// Inlines

interface TextToken {
  kind: 'text';
  text: string;
  marks: Set<NoteMark>;
}

interface DelimiterToken {
  kind: 'delimiter';
  char: '*' | '_' | '~';
  length: number;
  originalLength: number;
  canOpen: boolean;
  canClose: boolean;
  marks: Set<NoteMark>;
}

interface LinkToken {
  kind: 'link';
  url: string;
  children: NoteText[];
  marks: Set<NoteMark>;
}

type Token = TextToken | DelimiterToken | LinkToken;

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const WHITESPACE = /\s/;

export function parseInline(source: string): NoteInline[] {
  const tokens = tokenize(source);
  processEmphasis(tokens);
  const inlines: NoteInline[] = [];
  for (const token of tokens) {
    if (token.kind === 'link') {
      inlines.push({
        type: 'link',
        url: token.url,
        children: token.children.map((child) => withMarks(child, token.marks)),
      });
    } else {
      const text = token.kind === 'text' ? token.text : token.char.repeat(token.length);
      inlines.push(withMarks({ text }, token.marks));
    }
  }
  return normalizeInlines(inlines);
}

function withMarks(leaf: NoteText, marks: Iterable<NoteMark>): NoteText {
  const out: NoteText = { ...leaf };
  for (const mark of marks) out[mark] = true;
  return out;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let buffer = '';
  const pushText = () => {
    if (buffer) tokens.push({ kind: 'text', text: buffer, marks: new Set() });
    buffer = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1];
      if (next === '\n') {
        buffer += '\n';
        i += 2;
      } else if (next !== undefined && ASCII_PUNCTUATION.test(next)) {
        buffer += next;
        i += 2;
      } else {
        buffer += '\\';
        i++;
      }
    } else if (c === '`') {
      const length = runLength(source, i, '`');
      const end = findBacktickRun(source, i + length, length);
      if (end === -1) {
        buffer += '`'.repeat(length);
        i += length;
      } else {
        pushText();
        let code = source.slice(i + length, end).replace(/\n/g, ' ');
        if (code.length >= 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
        tokens.push({ kind: 'text', text: code, marks: new Set(['code']) });
        i = end + length;
      }
    } else if (c === '*' || c === '_' || c === '~') {
      const length = runLength(source, i, c);
      const before = i === 0 ? ' ' : source[i - 1]!;
      const after = i + length >= source.length ? ' ' : source[i + length]!;
      const left = !WHITESPACE.test(after);
      const right = !WHITESPACE.test(before);
      pushText();
      const underscore = c === '_';
      tokens.push({
        kind: 'delimiter',
        char: c,
        length,
        originalLength: length,
        canOpen: underscore ? left && (!right || ASCII_PUNCTUATION.test(before)) : left,
        canClose: underscore ? right && (!left || ASCII_PUNCTUATION.test(after)) : right,
        marks: new Set(),
      });
      i += length;
    } else if (c === '[' || (c === '!' && source[i + 1] === '[')) {
      const image = c === '!';
      const link = parseLinkAt(source, image ? i + 1 : i);
      if (!link) {
        buffer += c;
        i++;
        continue;
      }
      const children = parseInline(link.text).flatMap((node) => ('type' in node ? node.children : [node]));
      if (image) {
        // An image keeps its alt text, never its source.
        buffer += children.map((child) => child.text).join('');
      } else {
        pushText();
        tokens.push({ kind: 'link', url: link.url, children, marks: new Set() });
      }
      i = link.end;
    } else if (c === '<') {
      const rest = source.slice(i);
      const autolink = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/.exec(rest);
      const email = /^<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9-]+)*)>/.exec(rest);
      const tag = /^(?:<!--[\s\S]*?-->|<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>)/.exec(rest);
      if (autolink) {
        pushText();
        tokens.push({ kind: 'link', url: autolink[1]!, children: [{ text: autolink[1]! }], marks: new Set() });
        i += autolink[0].length;
      } else if (email) {
        pushText();
        tokens.push({ kind: 'link', url: `mailto:${email[1]!}`, children: [{ text: email[1]! }], marks: new Set() });
        i += email[0].length;
      } else if (tag) {
        i += tag[0].length; // raw HTML: the tag goes, the text around it stays
      } else {
        buffer += c;
        i++;
      }
    } else if (c === '&') {
      const entity = /^&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/.exec(source.slice(i));
      if (entity) {
        buffer += decodeEntities(entity[0]);
        i += entity[0].length;
      } else {
        buffer += c;
        i++;
      }
    } else {
      buffer += c;
      i++;
    }
  }
  pushText();
  return tokens;
}

function runLength(source: string, at: number, char: string): number {
  let end = at;
  while (source[end] === char) end++;
  return end - at;
}

function findBacktickRun(source: string, from: number, length: number): number {
  let i = from;
  while (i < source.length) {
    if (source[i] === '`') {
      const run = runLength(source, i, '`');
      if (run === length) return i;
      i += run;
    } else {
      i++;
    }
  }
  return -1;
}

const MAX_LINK_TEXT = 1000;

/** `[text](destination "title")` starting at `at` (the `[`), or null. */
function parseLinkAt(source: string, at: number): { text: string; url: string; end: number } | null {
  let depth = 0;
  let i = at;
  let close = -1;
  // Bounded, so a note full of unclosed `[` stays linear; no real link text is this long.
  const limit = Math.min(source.length, at + MAX_LINK_TEXT);
  while (i < limit) {
    const c = source[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '`') {
      const length = runLength(source, i, '`');
      const end = findBacktickRun(source, i + length, length);
      i = end === -1 ? i + length : end + length;
      continue;
    }
    if (c === '[') depth++;
    if (c === ']') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    }
    i++;
  }
  if (close === -1 || source[close + 1] !== '(') return null;
  i = close + 2;
  while (i < source.length && /[ \t\n]/.test(source[i]!)) i++;
  let url = '';
  if (source[i] === '<') {
    i++;
    while (i < source.length && source[i] !== '>' && source[i] !== '\n' && source[i] !== '<') {
      if (source[i] === '\\' && i + 1 < source.length && ASCII_PUNCTUATION.test(source[i + 1]!)) i++;
      url += source[i++];
    }
    if (source[i] !== '>') return null;
    i++;
  } else {
    let parens = 0;
    while (i < source.length) {
      const c = source[i]!;
      if (/\s/.test(c)) break;
      if (c === '\\' && i + 1 < source.length && ASCII_PUNCTUATION.test(source[i + 1]!)) {
        url += source[i + 1];
        i += 2;
        continue;
      }
      if (c === '(') parens++;
      if (c === ')') {
        if (parens === 0) break;
        parens--;
      }
      url += c;
      i++;
    }
  }
  while (i < source.length && /[ \t\n]/.test(source[i]!)) i++;
  const titleOpen = source[i];
  if (titleOpen === '"' || titleOpen === "'" || titleOpen === '(') {
    const titleClose = titleOpen === '(' ? ')' : titleOpen;
    i++;
    while (i < source.length && source[i] !== titleClose) i += source[i] === '\\' ? 2 : 1;
    if (i >= source.length) return null;
    i++;
    while (i < source.length && /[ \t\n]/.test(source[i]!)) i++;
  }
  if (source[i] !== ')') return null;
  return { text: source.slice(at + 1, close), url: decodeEntities(url), end: i + 1 };
}

/** CommonMark's "process emphasis", over a flat token list: matched pairs mark what lies between. */
function processEmphasis(tokens: Token[]): void {
  const delimiters: number[] = [];
  tokens.forEach((token, index) => {
    if (token.kind === 'delimiter') delimiters.push(index);
  });
  for (let c = 0; c < delimiters.length; c++) {
    const closer = tokens[delimiters[c]!] as DelimiterToken;
    while (closer.canClose && closer.length > 0) {
      let o = c - 1;
      let opener: DelimiterToken | null = null;
      for (; o >= 0; o--) {
        const candidate = tokens[delimiters[o]!] as DelimiterToken;
        if (candidate.char !== closer.char || !candidate.canOpen || candidate.length === 0) continue;
        if (closer.char === '~') {
          if (candidate.length >= 2 && closer.length >= 2) {
            opener = candidate;
            break;
          }
          continue;
        }
        const oddMatch =
          (candidate.canClose || closer.canOpen) &&
          (candidate.originalLength + closer.originalLength) % 3 === 0 &&
          !(candidate.originalLength % 3 === 0 && closer.originalLength % 3 === 0);
        if (!oddMatch) {
          opener = candidate;
          break;
        }
      }
      if (!opener) break;
      const use = closer.char === '~' || (opener.length >= 2 && closer.length >= 2) ? 2 : 1;
      const mark: NoteMark = closer.char === '~' ? 'strikethrough' : use === 2 ? 'bold' : 'italic';
      for (let t = delimiters[o]! + 1; t < delimiters[c]!; t++) tokens[t]!.marks.add(mark);
      for (let between = o + 1; between < c; between++) {
        const inner = tokens[delimiters[between]!] as DelimiterToken;
        inner.canOpen = false;
        inner.canClose = false;
      }
      opener.length -= use;
      closer.length -= use;
    }
  }
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  laquo: '«',
  raquo: '»',
  euro: '€',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}
