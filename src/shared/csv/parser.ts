import Papa from 'papaparse';
import type { CsvDelimiter } from './delimiter';

/**
 * Streaming CSV parsing on top of PapaParse's own tokenizer (`Papa.Parser`), fed with text that we
 * decode ourselves. We do not hand PapaParse the File: it decodes each 1 MiB slice on its own with
 * `FileReader.readAsText`, which breaks a multi-byte character cut by a slice border, it knows one
 * line-ending style per file, it cannot pause inside a worker (mholt/PapaParse#265), and its errors
 * give row indices, not the file's line numbers that a person can look up.
 *
 * So: line endings are normalised to "\n" (a CR held back at a chunk's end until the next chunk
 * shows whether LF follows), each chunk is parsed together with the incomplete last row of the
 * previous one (`ignoreLastRow`, as PapaParse's ChunkStreamer does), and every row carries the
 * line it starts on.
 */

export interface CsvRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  cells: string[];
  /** Set when the row's quoting is malformed (`"ab"c`): its cells are not what the file meant. */
  malformed?: boolean;
}

export type CsvParseErrorCode = 'unclosed-quote' | 'cell-too-large';

export class CsvParseError extends Error {
  override readonly name = 'CsvParseError';
  constructor(
    readonly code: CsvParseErrorCode,
    readonly line: number,
  ) {
    super(`${code} at line ${line}`);
  }
}

/**
 * A row still open after this many characters means an unclosed quote swallowed the rest of the
 * file (or a cell far beyond anything a contact field holds). Without the cap, a 200 MB file with a
 * stray quote near the top would be re-scanned for every chunk. 16 Mi characters leaves room for
 * honest 1 MB cells.
 */
export const MAX_OPEN_ROW_CHARS = 16 * 1024 * 1024;

interface PapaResult {
  data: string[][];
  errors: { code: string; row?: number }[];
  meta: { cursor: number };
}

export class CsvStreamParser {
  private partial = '';
  private heldCr = false;
  private nextLine = 1;
  private readonly parser: Papa.Parser;

  constructor(
    delimiter: CsvDelimiter,
    private readonly maxOpenRowChars = MAX_OPEN_ROW_CHARS,
  ) {
    this.parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"' });
  }

  /** Feeds the next piece of text; returns the rows it completes. Throws `CsvParseError`. */
  push(text: string, last = false): CsvRow[] {
    let chunk = this.heldCr ? '\r' + text : text;
    this.heldCr = false;
    if (!last && chunk.endsWith('\r')) {
      chunk = chunk.slice(0, -1);
      this.heldCr = true;
    }
    chunk = chunk.replace(/\r\n?/g, '\n');
    const input = this.partial + chunk;
    if (input.length === 0) return [];
    const result = this.parser.parse(input, 0, !last) as PapaResult;
    const rows: CsvRow[] = [];
    const malformedRows = new Set<number>();
    for (const error of result.errors) {
      if (error.code === 'MissingQuotes') {
        throw new CsvParseError('unclosed-quote', this.lineOfRow(result.data, error.row ?? result.data.length));
      }
      if (error.code === 'InvalidQuotes' && error.row !== undefined) malformedRows.add(error.row);
    }
    for (let r = 0; r < result.data.length; r++) {
      const cells = result.data[r]!;
      const line = this.nextLine;
      this.nextLine += 1 + newlinesIn(cells);
      if (cells.length === 1 && cells[0] === '') continue; // blank line
      rows.push(malformedRows.has(r) ? { line, cells, malformed: true } : { line, cells });
    }
    this.partial = last ? '' : input.slice(result.meta.cursor);
    if (this.partial.length > this.maxOpenRowChars) {
      const quoted = this.partial.includes('"');
      throw new CsvParseError(quoted ? 'unclosed-quote' : 'cell-too-large', this.nextLine);
    }
    return rows;
  }

  private lineOfRow(data: string[][], row: number): number {
    let line = this.nextLine;
    for (let r = 0; r < row && r < data.length; r++) line += 1 + newlinesIn(data[r]!);
    return line;
  }
}

function newlinesIn(cells: string[]): number {
  let count = 0;
  for (const cell of cells) {
    if (cell.length === 0) continue;
    let from = cell.indexOf('\n');
    while (from !== -1) {
      count++;
      from = cell.indexOf('\n', from + 1);
    }
  }
  return count;
}

/** Parses a whole string at once (tests, previews of small samples). */
export function parseCsvText(text: string, delimiter: CsvDelimiter): CsvRow[] {
  return new CsvStreamParser(delimiter).push(text, true);
}
