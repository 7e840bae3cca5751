import { normalizeInlines, type NoteInline, type NoteMark, type NoteText } from './document';

/**
 * Inline Markdown → inlines: text with marks (bold, italic, strikethrough, code) and links. A flat
 * token list (text, delimiter runs, links) on which CommonMark's "process emphasis" pairs the
 * delimiters; entities are decoded on the way. The block parser (markdown-parse.ts) calls it per
 * paragraph, quote and list item.
 */

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
