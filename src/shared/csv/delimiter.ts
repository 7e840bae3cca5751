/** Which character separates the cells: Excel in Spanish writes `;`, "Unicode text" a tab. */

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

const SAMPLE_LINES = 50;

/**
 * Counts each candidate per line (outside quotes) over the first lines and picks the one whose
 * count is the same on most lines, preferring more columns; a file with one column (no candidate
 * on any line) is read with ",". Ties go in the order of `CSV_DELIMITERS`.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = countPerLine(text);
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  for (const delimiter of CSV_DELIMITERS) {
    const perLine = counts.map((line) => line[delimiter]);
    if (perLine.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const count of perLine) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let modeCount = 0;
    let mode = 0;
    for (const [count, lines] of frequency) {
      if (lines > modeCount || (lines === modeCount && count > mode)) {
        modeCount = lines;
        mode = count;
      }
    }
    if (mode === 0) continue;
    // Consistency matters most (share of lines with the mode count), then the number of columns.
    const score = (modeCount / perLine.length) * 1000 + Math.min(mode, 999);
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

type LineCounts = Record<CsvDelimiter, number>;

function countPerLine(text: string): LineCounts[] {
  const lines: LineCounts[] = [];
  let current: LineCounts = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let inQuotes = false;
  let lineHasContent = false;
  for (let i = 0; i < text.length && lines.length < SAMPLE_LINES; i++) {
    const c = text[i]!;
    if (c === '"') {
      inQuotes = !inQuotes;
      lineHasContent = true;
    } else if (!inQuotes && (c === '\n' || c === '\r')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (lineHasContent) lines.push(current);
      current = { ',': 0, ';': 0, '\t': 0, '|': 0 };
      lineHasContent = false;
    } else {
      lineHasContent = true;
      if (!inQuotes && (c === ',' || c === ';' || c === '\t' || c === '|')) current[c]++;
    }
  }
  if (lineHasContent && lines.length < SAMPLE_LINES) lines.push(current);
  return lines;
}
