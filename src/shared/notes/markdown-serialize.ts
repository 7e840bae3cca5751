import { parseInline } from './markdown-parse';
import { inlineText, isLink, normalizeInlines, isList, marksOf, type NoteBlock, type NoteInline, type NoteMark, type NoteText } from './document';

/**
 * Note document → Markdown, the form the server keeps (`content`). Written so `markdownToDocument`
 * reads it back to the same document; what Markdown cannot say is put in its canonical form first:
 * - marks never start or end on whitespace (`** a**` is not bold), so edge spaces move outside;
 * - whitespace at the start and end of a block and around line breaks is dropped (Markdown drops it);
 * - empty paragraphs, quotes and list items are dropped (a blank line is only a separator).
 */
export function documentToMarkdown(document: readonly NoteBlock[]): string {
  const parts: string[] = [];
  let previous: NoteBlock | null = null;
  let alternate = false;
  for (const block of document) {
    if (isList(block)) {
      // Two lists in a row would read back as one: switch the marker, as CommonMark suggests.
      const items = block.children.map((item) => inlineMarkdown(item.children)).filter((text) => text !== '');
      if (items.length === 0) continue;
      alternate = previous !== null && previous.type === block.type ? !alternate : false;
      const lines = items.map((text, index) => {
        const marker =
          block.type === 'bulleted-list' ? (alternate ? '*' : '-') : `${index + 1}${alternate ? ')' : '.'}`;
        const indent = ' '.repeat(marker.length + 1);
        return `${marker} ${text.replace(/\n/g, `\n${indent}`)}`;
      });
      parts.push(lines.join('\n'));
      previous = block;
      continue;
    }
    const text = inlineMarkdown(block.children);
    if (text === '') continue;
    parts.push(block.type === 'block-quote' ? `> ${text.replace(/\n/g, '\n> ')}` : text);
    previous = block;
  }
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------

/** One character (or one atomic code span) of inline content with its marks. */
interface Unit {
  text: string;
  marks: Set<NoteMark>;
  code: boolean;
}

type Piece = { kind: 'units'; units: Unit[] } | { kind: 'link'; url: string; units: Unit[] };

const EMPHASIS_ORDER: readonly NoteMark[] = ['bold', 'italic', 'strikethrough'];
const DELIMITER: Record<string, string> = { bold: '**', italic: '*', strikethrough: '~~' };

function isSpace(unit: Unit): boolean {
  return !unit.code && /^[^\S\n]$/.test(unit.text);
}

function isBreak(unit: Unit): boolean {
  return unit.text === '\n';
}

function unitsOf(leaves: readonly NoteText[]): Unit[] {
  const units: Unit[] = [];
  for (const leaf of leaves) {
    const marks = new Set(marksOf(leaf).filter((mark) => mark !== 'code'));
    const parts = leaf.text.split('\n');
    parts.forEach((part, index) => {
      if (index > 0) units.push({ text: '\n', marks: new Set(), code: false });
      if (part === '') return;
      if (leaf.code) units.push({ text: part, marks, code: true });
      else for (const char of part) units.push({ text: char, marks: new Set(marks), code: false });
    });
  }
  return units;
}

/** Marks off leading and trailing whitespace of each mark's runs; line breaks carry no marks. */
function trimMarkRuns(units: Unit[]): void {
  for (const mark of EMPHASIS_ORDER) {
    let start = 0;
    while (start < units.length) {
      if (!units[start]!.marks.has(mark)) {
        start++;
        continue;
      }
      let end = start;
      while (end < units.length && units[end]!.marks.has(mark)) end++;
      for (let i = start; i < end && isSpace(units[i]!); i++) units[i]!.marks.delete(mark);
      for (let i = end - 1; i >= start && isSpace(units[i]!); i--) units[i]!.marks.delete(mark);
      start = end;
    }
  }
}

/**
 * Spaces between two words whose marks differ lose their marks: a mark changing there could force
 * another to close after, or reopen on, the space (`~~a ~~`), which Markdown cannot say. Spaces
 * inside a uniformly formatted phrase keep theirs (`**two words**`).
 */
function dropMarksWhereFormattingChanges(units: Unit[]): void {
  let i = 0;
  while (i < units.length) {
    if (!isSpace(units[i]!)) {
      i++;
      continue;
    }
    let end = i;
    while (end < units.length && isSpace(units[end]!)) end++;
    const left = units[i - 1];
    const right = units[end];
    const same = left && right && !isBreak(left) && !isBreak(right) && sameMarkSet(left.marks, right.marks);
    if (!same) for (let k = i; k < end; k++) units[k]!.marks.clear();
    i = end;
  }
}

function sameMarkSet(a: ReadonlySet<NoteMark>, b: ReadonlySet<NoteMark>): boolean {
  return a.size === b.size && [...a].every((mark) => b.has(mark));
}

function piecesOf(inlines: readonly NoteInline[]): Piece[] {
  const pieces: Piece[] = [];
  for (const node of inlines) {
    if (isLink(node)) {
      pieces.push({ kind: 'link', url: node.url, units: unitsOf(node.children) });
      continue;
    }
    const last = pieces[pieces.length - 1];
    const units = unitsOf([node]);
    if (last && last.kind === 'units') last.units.push(...units);
    else pieces.push({ kind: 'units', units });
  }
  // Whitespace at the block's edges and around line breaks does not survive Markdown: drop it.
  const all = pieces.flatMap((piece) => piece.units.map((unit) => ({ piece, unit })));
  const drop = new Set<Unit>();
  for (let i = 0; i < all.length && (isSpace(all[i]!.unit) || isBreak(all[i]!.unit)); i++) drop.add(all[i]!.unit);
  for (let i = all.length - 1; i >= 0 && (isSpace(all[i]!.unit) || isBreak(all[i]!.unit)); i--) drop.add(all[i]!.unit);
  all.forEach(({ unit }, index) => {
    if (!isBreak(unit)) return;
    for (let i = index - 1; i >= 0 && isSpace(all[i]!.unit); i--) drop.add(all[i]!.unit);
    for (let i = index + 1; i < all.length && isSpace(all[i]!.unit); i++) drop.add(all[i]!.unit);
  });
  // Two breaks in a row would end the paragraph: keep one.
  let previousKept: Unit | null = null;
  for (const { unit } of all) {
    if (drop.has(unit)) continue;
    if (isBreak(unit) && previousKept && isBreak(previousKept)) drop.add(unit);
    else previousKept = unit;
  }
  const kept: Piece[] = [];
  for (const piece of pieces) {
    const units = piece.units.filter((unit) => !drop.has(unit));
    if (units.length === 0) continue;
    trimMarkRuns(units);
    dropMarksWhereFormattingChanges(units);
    kept.push({ ...piece, units });
  }
  return kept;
}

/** The Markdown of inline content; `\n` separates its lines (the caller prefixes continuation lines). */
export function inlineMarkdown(inlines: readonly NoteInline[]): string {
  const markdown = writeInlines(inlines);
  if (readsBack(markdown, inlines)) return markdown;
  // Marks toggled inside a word in ways Markdown cannot say unambiguously (`***a*a*a***`): the
  // words matter more than the emphasis, so this block is written without bold/italic/strike.
  return writeInlines(normalizeInlines(inlines.map(withoutEmphasis)));
}

const squash = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');

function readsBack(markdown: string, inlines: readonly NoteInline[]): boolean {
  const back = parseInline(markdown);
  return squash(inlineText(back)) === squash(inlineText(inlines)) && writeInlines(back) === markdown;
}

function withoutEmphasis(node: NoteInline): NoteInline {
  const strip = (leaf: NoteText): NoteText => (leaf.code ? { text: leaf.text, code: true } : { text: leaf.text });
  return isLink(node) ? { ...node, children: node.children.map(strip) } : strip(node);
}

function writeInlines(inlines: readonly NoteInline[]): string {
  let out = '';
  for (const piece of piecesOf(inlines)) {
    const atLineStart = () => out === '' || out.endsWith('\n');
    if (piece.kind === 'link') {
      // `![` would make the link an image.
      if (/(?:^|[^\\])(?:\\\\)*!$/.test(out)) out = `${out.slice(0, -1)}\\!`;
      out += `[${unitsMarkdown(piece.units, atLineStart())}](${linkDestination(piece.url)})`;
    } else {
      out += unitsMarkdown(piece.units, atLineStart());
    }
  }
  return out;
}

function unitsMarkdown(units: Unit[], startsLine: boolean): string {
  // Each retry takes a mark off some whitespace, so this ends.
  for (;;) {
    const out = tryUnitsMarkdown(units, startsLine);
    if (out !== null) return out;
  }
}

/**
 * Writes the units, or returns null after taking a mark off whitespace where two marks' runs
 * overlap without nesting and one of them would have to close after, or reopen on, whitespace
 * (`~~a ~~` and `_ b_` are not emphasis in Markdown). The space then simply loses that mark.
 */
function tryUnitsMarkdown(units: Unit[], startsLine: boolean): string | null {
  let out = '';
  const open: { mark: NoteMark; delimiter: string }[] = [];
  let lineStart = startsLine;
  // Where each mark's run starting at a unit ends, computed once (a long bold run is O(n), not O(n²)).
  const ends = new Map<NoteMark, number[]>();
  for (const mark of EMPHASIS_ORDER) {
    const end = new Array<number>(units.length + 1);
    end[units.length] = units.length;
    for (let i = units.length - 1; i >= 0; i--) {
      if (!units[i]!.marks.has(mark)) end[i] = i;
      else end[i] = units[i + 1]?.marks.has(mark) ? end[i + 1]! : i + 1;
    }
    ends.set(mark, end);
  }
  const runEnd = (mark: NoteMark, from: number) => ends.get(mark)![from]!;
  const openRank = (mark: NoteMark) => {
    const at = open.findIndex((entry) => entry.mark === mark);
    return at === -1 ? open.length : at;
  };
  for (let index = 0; index < units.length; index++) {
    const unit = units[index]!;
    // The marks that last longest sit outermost, so a mark ending closes without closing others.
    const wanted = EMPHASIS_ORDER.filter((mark) => unit.marks.has(mark))
      .map((mark) => ({ mark, end: runEnd(mark, index) }))
      .sort((a, b) => b.end - a.end || openRank(a.mark) - openRank(b.mark));
    let keep = 0;
    while (keep < open.length && keep < wanted.length && open[keep]!.mark === wanted[keep]!.mark) keep++;
    for (const { mark } of open.slice(keep)) {
      if (!unit.marks.has(mark)) continue;
      // `mark` closes here only to reopen: not allowed after or before whitespace.
      if (index > 0 && isSpace(units[index - 1]!)) {
        for (let i = index - 1; i >= 0 && isSpace(units[i]!); i--) units[i]!.marks.delete(mark);
        return null;
      }
      if (isSpace(unit)) {
        for (let i = index; i < units.length && isSpace(units[i]!); i++) units[i]!.marks.delete(mark);
        return null;
      }
    }
    for (let i = open.length - 1; i >= keep; i--) out += open[i]!.delimiter;
    open.length = keep;
    for (const { mark, end } of wanted.slice(keep)) {
      const delimiter = mark === 'italic' && underscoreFits(out, units, end, open) ? '_' : DELIMITER[mark]!;
      out += delimiter;
      open.push({ mark, delimiter });
      lineStart = false;
    }
    if (unit.code) {
      out += codeSpan(unit.text);
      lineStart = false;
    } else if (isBreak(unit)) {
      out += '\n';
      lineStart = true;
    } else {
      out += escapeChar(unit.text, lineStart, out);
      lineStart = lineStart && /[0-9]/.test(unit.text);
    }
  }
  for (let i = open.length - 1; i >= 0; i--) out += open[i]!.delimiter;
  return out;
}

const FLANK_SAFE = /^(?:\s|[!-/:-@[-`{-~])$/;

/**
 * Italic is written `_x_` where underscores work (not inside a word), `*x*` elsewhere: next to the
 * `**` of bold, a `*` would make runs like `*a***b**` that read back differently.
 */
function underscoreFits(out: string, units: readonly Unit[], end: number, below: readonly { mark: NoteMark }[]): boolean {
  const before = out === '' ? ' ' : out[out.length - 1]!;
  if (!FLANK_SAFE.test(before)) return false;
  const next = units[end];
  if (!next) return true;
  const previous = units[end - 1]!;
  // A mark opening there, or one outside the italic closing there, puts a delimiter right after it.
  const opens = EMPHASIS_ORDER.some((mark) => next.marks.has(mark) && !previous.marks.has(mark));
  const outerCloses = below.some((entry) => !next.marks.has(entry.mark));
  return opens || outerCloses || next.code || FLANK_SAFE.test(next.text[0] ?? ' ');
}

const ALWAYS_ESCAPED = new Set(['\\', '*', '_', '~', '`', '[', ']', '<', '>', '|']);
const LINE_START_ESCAPED = new Set(['#', '-', '+', '=']);

function escapeChar(char: string, lineStart: boolean, before: string): string {
  if (ALWAYS_ESCAPED.has(char)) return `\\${char}`;
  if (lineStart && LINE_START_ESCAPED.has(char)) return `\\${char}`;
  // `1.` or `1)` at the start of a line would start a numbered list.
  if ((char === '.' || char === ')') && /(?:^|\n)[0-9]{1,9}$/.test(before)) return `\\${char}`;
  if (char === '&') return '\\&';
  return char;
}

function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '');
  return pad ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

function linkDestination(url: string): string {
  const clean = url.replace(/[\r\n]/g, '');
  if (/[\s<>]/.test(clean) || clean === '') return `<${clean.replace(/[\\<>]/g, '\\$&')}>`;
  return clean.replace(/[\\()]/g, '\\$&');
}
