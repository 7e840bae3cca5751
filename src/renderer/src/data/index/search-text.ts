import type { Contact } from '../../../../shared/contact';
import { searchKey } from '../../../../shared/text';

/**
 * Quick search over the index: every contact's folded haystack kept in a few long strings, scanned
 * with native `indexOf`, with edited contacts checked one by one until the text is rebuilt.
 */

/** Folds a search query into tokens; a phone-like token ("612 345-678") loses its separators. */
export function searchTokens(query: string): string[] {
  const folded = searchKey(query.trim());
  if (!folded) return [];
  const compact = folded.replace(/[\s().-]+/g, '');
  if (/^\+?\d{3,}$/.test(compact)) return [compact.replace(/^\+/, '')];
  return folded.split(/\s+/).filter(Boolean);
}

/** What quick search looks at: name, email, phone, identifier and company, folded. */
export function searchHaystack(contact: Contact): string {
  return [
    searchKey(contact.name),
    contact.email ?? '',
    contact.phone ?? '',
    searchKey(contact.identifier),
    searchKey(contact.company),
  ].join('\n');
}

/**
 * Edited contacts whose haystacks a search checks one by one before the search text is rebuilt with
 * them: checking 4,096 haystacks costs well under a millisecond, a rebuild ~80 ms at 100k.
 */
const MAX_HAYSTACK_OVERRIDES = 4096;

/**
 * The search text: every haystack joined with "\n" (which no token contains), and where each
 * starts. It is kept in a few pieces: contacts appended since the last search (an import's or a
 * sync's batches) add a piece rather than a copy of the whole text (~11 MB at 100k, a large-object
 * allocation per keystroke during a sync); a piece is joined with the one before it once it is as
 * long, so there are O(log n) pieces and each character is copied O(log n) times.
 */
interface SearchText {
  /** Each ends with "\n", so no match spans two. */
  pieces: string[];
  /** Where each piece starts, as an offset into the whole text. */
  pieceOffsets: number[];
  /** `starts[i]`: offset of position i's haystack, for i ≤ covered (the last is the end); room to grow past that. */
  starts: Int32Array;
  /** How many positions the text covers. */
  covered: number;
}

/** Position's haystack as the search text has it. */
function haystackIn(text: SearchText, position: number): string {
  const start = text.starts[position]!;
  let piece = text.pieces.length - 1;
  while (text.pieceOffsets[piece]! > start) piece--;
  const base = text.pieceOffsets[piece]!;
  return text.pieces[piece]!.slice(start - base, text.starts[position + 1]! - 1 - base);
}

/** The search side of the index; `ContactIndex` owns one and hands it to these functions. */
export interface SearchState {
  /**
   * Every contact's search haystack in a few long strings: one native `indexOf` scan per piece finds
   * a token in all contacts at once, ~10× faster than 100k `includes` calls. It covers the positions
   * before `covered`; contacts appended since are added on the next search. The haystacks live only
   * here (not 100k more strings beside it: ~11 MB at 100k), but for edited ones (`overrides`).
   */
  text: SearchText | null;
  /**
   * Per-position haystacks while the search text is (re)built: filled at idle after a load, or
   * taken from the old text (slices) when an edit or a removal changed or moved some of them.
   * Null while the search text is current.
   */
  haystacks: (string | undefined)[] | null;
  /**
   * Haystacks of contacts edited since the search text was built, by position, where they differ
   * from the text's: a search checks these instead of what the text says. An edit then costs one
   * haystack instead of rebuilding the text over every contact (~80 ms at 100k); past
   * MAX_HAYSTACK_OVERRIDES they are folded in by a rebuild.
   */
  overrides: Map<number, string>;
  /**
   * Haystacks of contacts appended past the search text (positions `text.covered`, `text.covered + 1`…),
   * folded ahead in idle time while a sync or an import appends (`foldAppended`): the next search
   * then only joins them to the text (as does the fold itself every APPENDED_JOIN of them). Folding is
   * what a search paid for every contact appended since the last one: during a first sync, the
   * largest share of a keystroke's script. Empty but while the text is built and contacts were
   * appended since.
   */
  appended: string[];
  /**
   * The last search's text matches (before notes), kept while they are few: a query that extends it
   * (the user typed on) can only match a subset of them, so it checks those instead of the text.
   */
  lastMatches: { version: number; tokens: readonly string[]; positions: Int32Array } | null;
}

export function emptySearchState(): SearchState {
  return { text: null, haystacks: [], overrides: new Map(), appended: [], lastMatches: null };
}

/** After a load of `count` contacts: every haystack to be built again. */
export function resetSearch(state: SearchState, count: number): void {
  state.overrides.clear();
  state.haystacks = new Array(count);
  state.text = null;
  state.appended = [];
}

/**
 * Builds the haystacks still missing, a slice at a time (`timeLeft`: the milliseconds left in the
 * current idle period), then the search text. False while haystacks remain.
 */
export function prepareSearchText(state: SearchState, contacts: readonly Contact[], timeLeft: () => number): boolean {
  const haystacks = state.haystacks;
  if (haystacks) {
    for (let i = 0; i < contacts.length; i++) {
      if (haystacks[i] === undefined) {
        haystacks[i] = searchHaystack(contacts[i]!);
        if ((i & 1023) === 0 && timeLeft() <= 1) return false;
      }
    }
  }
  currentSearchText(state, contacts);
  return true;
}

/**
 * With the search text built, folds the haystacks of the contacts appended since (kept in `appended`
 * until a search joins them), a slice at a time. Nothing while the text is to be rebuilt whole
 * (after a load or a removal): joining every haystack is the search's or the start's preparation's
 * work, not a burst's, which could repeat it after every batch that removes contacts.
 * False while haystacks remain.
 */
export function foldAppended(state: SearchState, contacts: readonly Contact[], timeLeft: () => number): boolean {
  const text = state.text;
  if (!text) return true; // to be rebuilt whole (haystacks kept per position meanwhile)
  const { appended } = state;
  // A haystack costs a few µs; the idle period's end is checked after each.
  for (let i = text.covered + appended.length; i < contacts.length; i++) {
    appended.push(searchHaystack(contacts[i]!));
    if (timeLeft() <= 1 && i < contacts.length - 1) return false;
  }
  // Joined into the text now and then: one string rather than one per contact until the next search.
  if (appended.length >= APPENDED_JOIN) currentSearchText(state, contacts);
  return true;
}

/** Folded haystacks of appended contacts joined into the search text at once (a few ms of joining). */
const APPENDED_JOIN = 16_384;

/** The search text covering every contact: joined from the haystacks, or extended by appended contacts. */
function currentSearchText(state: SearchState, contacts: readonly Contact[]): SearchText {
  const count = contacts.length;
  const haystacks = state.haystacks;
  if (!haystacks && state.text && state.text.covered === count) return state.text;
  const previous = haystacks ? null : state.text;
  const from = previous ? previous.covered : 0;
  // Filled past `from` in place: nothing reads a text's starts beyond what it covers.
  let starts = previous?.starts;
  if (!starts || starts.length < count + 1) {
    const grown = new Int32Array(count + 1 + (count >> 3) + 1024);
    if (previous) grown.set(previous.starts.subarray(0, from + 1));
    starts = grown;
  }
  let offset = previous ? starts[from]! : 0;
  const start = offset;
  const added: string[] = new Array(count - from);
  const folded = previous ? state.appended : [];
  for (let i = from; i < count; i++) {
    let haystack = haystacks ? haystacks[i] : folded[i - from];
    if (haystack === undefined) haystack = searchHaystack(contacts[i]!);
    added[i - from] = haystack;
    starts[i] = offset;
    offset += haystack.length + 1;
  }
  starts[count] = offset;
  const tail = added.length > 0 ? added.join('\n') + '\n' : '';
  const pieces = previous ? [...previous.pieces, tail] : [tail];
  const pieceOffsets = previous ? [...previous.pieceOffsets, start] : [0];
  while (pieces.length > 1 && pieces.at(-1)!.length >= pieces.at(-2)!.length) {
    const last = pieces.pop()!;
    pieceOffsets.pop();
    pieces[pieces.length - 1] += last;
  }
  const text = { pieces, pieceOffsets, starts, covered: count };
  state.text = text;
  state.haystacks = null;
  state.appended = [];
  return text;
}

/** Marks in `mask` (1 per position) the contacts whose haystack contains every token. */
export function markSearchMatches(
  state: SearchState,
  contacts: readonly Contact[],
  version: number,
  tokens: string[],
  mask: Uint8Array,
): void {
  const text = currentSearchText(state, contacts);
  const previous = state.lastMatches;
  if (previous && previous.version === version && narrows(previous.tokens, tokens)) {
    markAmong(state.overrides, previous.positions, text, tokens, mask);
  } else {
    markInText(state.overrides, text, tokens, mask);
  }
  let matched = 0;
  for (let i = 0; i < mask.length; i++) matched += mask[i]!;
  if (matched > mask.length >> NARROWING_SHARE_SHIFT) {
    state.lastMatches = null;
    return;
  }
  const positions = new Int32Array(matched);
  for (let i = 0, n = 0; n < matched; i++) if (mask[i] === 1) positions[n++] = i;
  state.lastMatches = { version, tokens, positions };
}

/** `markInText` for a query that narrows the last one: only that one's matches can match it. */
function markAmong(
  overrides: ReadonlyMap<number, string>,
  candidates: Int32Array, text: SearchText, tokens: readonly string[], mask: Uint8Array): void {
  for (let c = 0; c < candidates.length; c++) {
    const position = candidates[c]!;
    mask[position] = containsAll(overrides.get(position) ?? haystackIn(text, position), tokens) ? 1 : 0;
  }
}

/**
 * Scans the search text for one word only, the longest (usually the rarest), and checks the
 * query's other words in each hit's own haystack: one pass over the text (~11 MB at 100k) per
 * query rather than one per word.
 */
function markInText(overrides: ReadonlyMap<number, string>, text: SearchText, tokens: readonly string[], mask: Uint8Array): void {
  const { pieces, pieceOffsets, starts, covered } = text;
  let lead = 0;
  for (let t = 1; t < tokens.length; t++) if (tokens[t]!.length > tokens[lead]!.length) lead = t;
  const token = tokens[lead]!;
  const others = tokens.filter((_, t) => t !== lead);
  let position = 0;
  for (let piece = 0; piece < pieces.length; piece++) {
    const pieceText = pieces[piece]!;
    const base = pieceOffsets[piece]!;
    let from = 0;
    for (;;) {
      const found = pieceText.indexOf(token, from);
      if (found < 0) break;
      const at = base + found;
      // Find the contact this offset belongs to: starts is ascending and matches come in order, so
      // it is usually one of the next few (a common letter at 100k: ~4 ms this way, ~15 ms with a
      // binary search per match); a rare token's far jumps fall back to the binary search.
      for (let step = 0; step < 8 && starts[position + 1]! <= at; step++) position++;
      if (starts[position + 1]! <= at) position = upperBound(starts, at, covered + 1) - 1;
      const end = starts[position + 1]! - base;
      if (others.length === 0 || containsAll(pieceText.slice(starts[position]! - base, end - 1), others)) mask[position] = 1;
      from = end; // one hit per contact is enough
    }
  }
  // Edited contacts: what their haystack says now, not what the text says.
  for (const [position, haystack] of overrides) mask[position] = containsAll(haystack, tokens) ? 1 : 0;
}

/** The haystacks of the contacts replaced in place (`replaced`: position → the contact before) follow them. */
export function replaceInSearchText(state: SearchState, contacts: readonly Contact[], replaced: ReadonlyMap<number, Contact>): void {
  const haystacks = state.haystacks;
  if (haystacks) {
    for (const position of replaced.keys()) haystacks[position] = undefined;
    return;
  }
  const current = state.text;
  if (!current) return;
  for (const position of replaced.keys()) {
    // Past the text: appended since, added from the contact as it is on the next search (or
    // folded ahead already: then folded again from it).
    if (position >= current.covered) {
      const ahead = position - current.covered;
      if (ahead < state.appended.length) state.appended[ahead] = searchHaystack(contacts[position]!);
      continue;
    }
    const haystack = searchHaystack(contacts[position]!);
    if (haystack === haystackIn(current, position)) state.overrides.delete(position);
    else state.overrides.set(position, haystack);
  }
  if (state.overrides.size > MAX_HAYSTACK_OVERRIDES) detachSearchText(state, contacts.length);
}

/**
 * The per-position haystacks, for a change that moves or replaces some: taken out of the search
 * text as slices of it (no folding again), which it then gives up; built again on the next search.
 */
export function detachSearchText(state: SearchState, count: number): (string | undefined)[] {
  if (state.haystacks) return state.haystacks;
  const haystacks: (string | undefined)[] = new Array(count);
  const current = state.text;
  if (current) {
    const { pieces, pieceOffsets, starts } = current;
    const covered = Math.min(current.covered, haystacks.length);
    let piece = 0;
    for (let i = 0; i < covered; i++) {
      const start = starts[i]!;
      while (piece + 1 < pieces.length && pieceOffsets[piece + 1]! <= start) piece++;
      const base = pieceOffsets[piece]!;
      haystacks[i] = pieces[piece]!.slice(start - base, starts[i + 1]! - 1 - base);
    }
    for (const [position, haystack] of state.overrides) haystacks[position] = haystack;
    const ahead = Math.min(state.appended.length, haystacks.length - current.covered);
    for (let i = 0; i < ahead; i++) haystacks[current.covered + i] = state.appended[i];
  }
  state.appended = [];
  state.overrides.clear();
  state.text = null;
  state.haystacks = haystacks;
  return haystacks;
}

function containsAll(haystack: string, words: readonly string[]): boolean {
  for (let w = 0; w < words.length; w++) if (!haystack.includes(words[w]!)) return false;
  return true;
}

/**
 * A search whose matches are kept for the next one only while they are at most this share (1 / 2^n)
 * of the contacts: checking each of them costs more per contact than the text scan, and keeping
 * them costs an array of their size.
 */
const NARROWING_SHARE_SHIFT = 2;

/**
 * Whether every contact matching `next` also matches `previous`: each earlier word lies inside some
 * word of the new query ("mar" → "mari", "maria" → "maria gar"), so a haystack containing the new
 * words contains the old ones.
 */
function narrows(previous: readonly string[], next: readonly string[]): boolean {
  if (previous.length === 0) return false;
  return previous.every((word) => next.some((longer) => longer.includes(word)));
}

/** The first index whose value is greater than `value`, in an ascending array (its first `length` entries). */
function upperBound(values: Int32Array, value: number, length: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
