/**
 * Which text encoding a CSV file is in, from its first bytes. Excel on Windows writes "CSV UTF-8"
 * with a BOM, plain "CSV" in Windows-1252, and "Unicode text" as UTF-16 LE with tabs; CRM exports
 * are mostly UTF-8 without a BOM. PapaParse does no detection (docs/design.md "Performance budgets").
 */

export const CSV_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export interface EncodingGuess {
  encoding: CsvEncoding;
  /** Bytes of byte-order mark at the start (0, 2 or 3); the decoder skips them. */
  bomLength: number;
}

/** How many leading bytes detection looks at: enough for many rows, cheap to read. */
export const ENCODING_SAMPLE_BYTES = 64 * 1024;

/**
 * BOM first; then UTF-16 without BOM, recognised by the zero bytes of ASCII text in every other
 * position; then UTF-8 if the sample is valid UTF-8 (a multi-byte character cut at the end of the
 * sample is allowed); otherwise Windows-1252, the superset of Latin-1 that Excel writes.
 */
export function detectEncoding(sample: Uint8Array): EncodingGuess {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)
    return { encoding: 'utf-8', bomLength: 3 };
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  return { encoding: isUtf8(sample) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

function utf16WithoutBom(sample: Uint8Array): CsvEncoding | null {
  const pairs = Math.min(sample.length >> 1, 4096);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZeros++;
    if (sample[2 * i + 1] === 0) oddZeros++;
  }
  // Mostly-ASCII UTF-16: one byte of each pair is zero. Binary files have zeros on both sides.
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Strict UTF-8 check; a sequence cut by the end of the sample counts as valid. */
export function isUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  const length = bytes.length;
  while (i < length) {
    const byte = bytes[i]!;
    if (byte < 0x80) {
      i++;
      continue;
    }
    let needed: number;
    let min: number;
    if (byte >= 0xc2 && byte <= 0xdf) {
      needed = 1;
      min = 0x80;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      needed = 2;
      min = 0x800;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      needed = 3;
      min = 0x10000;
    } else return false;
    let code = byte & (0x3f >> needed);
    for (let k = 1; k <= needed; k++) {
      if (i + k >= length) return true; // cut by the sample's end
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    i += needed + 1;
  }
  return true;
}

/**
 * True when decoded text looks like a binary file (an image, a spreadsheet in .xlsx, a PDF renamed
 * .csv): NUL characters, or many control characters other than tab and line breaks.
 */
export function looksBinary(text: string): boolean {
  const sample = text.length > 16384 ? text.slice(0, 16384) : text;
  if (sample.length === 0) return false;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return true;
    if ((code < 0x20 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) controls++;
  }
  return controls / sample.length > 0.02;
}

/** A streaming decoder: feed byte chunks, get text; split multi-byte characters are carried over. */
export function createDecoder(encoding: CsvEncoding): { decode(chunk: Uint8Array, last: boolean): string } {
  // ignoreBOM: false makes TextDecoder drop a leading BOM of its own encoding.
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  return { decode: (chunk, last) => decoder.decode(chunk, { stream: !last }) };
}
