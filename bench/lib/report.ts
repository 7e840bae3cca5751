/** Benchmark figures: one shape for the printed table and the `--json` file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { summarize, type Summary } from './stats';

export type Unit = 'ms' | 'MB' | 'frames';

/** "The median must stay at or below `limit`", with the limit possibly derived from a baseline. */
export interface Target {
  /** As printed, e.g. "≤ 150 ms" or "≤ 1.3× baseline". */
  text: string;
  limit: number;
  met: boolean | null;
}

export interface Metric {
  key: string;
  label: string;
  unit: Unit;
  samples: number[];
  summary: Summary | null;
  target: Target | null;
  /** Median divided by the baseline's median, where a baseline applies. */
  ratioToBaseline: number | null;
  /** Why samples are missing, or how to read the figure. */
  note: string | null;
}

export interface SizeResult {
  size: number;
  metrics: Metric[];
}

export interface Environment {
  date: string;
  browser: string;
  node: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
}

export interface SuiteResult {
  suite: string;
  runs: number;
  environment: Environment;
  sizes: SizeResult[];
  /** Problems that did not stop the run (missing app contract, failed samples…). */
  warnings: string[];
}

export function environment(browser: string): Environment {
  const cpuList = cpus();
  return {
    date: new Date().toISOString(),
    browser,
    node: process.version,
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
  };
}

export function metric(
  key: string,
  label: string,
  unit: Unit,
  samples: number[],
  extra: {
    target?: { text: string; limit: number } | null;
    baselineMedian?: number | null;
    note?: string | null;
  } = {},
): Metric {
  const summary = summarize(samples);
  const ratioToBaseline =
    summary && extra.baselineMedian ? Math.round((summary.median / extra.baselineMedian) * 100) / 100 : null;
  const target = extra.target
    ? {
        ...extra.target,
        met: summary && Number.isFinite(extra.target.limit) ? summary.median <= extra.target.limit : null,
      }
    : null;
  return { key, label, unit, samples, summary, target, ratioToBaseline, note: extra.note ?? null };
}

function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (unit === 'MB') return `${value.toFixed(1)} MB`;
  if (unit === 'frames') return `${value} frame${value === 1 ? '' : 's'}`;
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 100 ? 1 : 0)} ms`;
}

function pad(text: string, width: number, alignRight: boolean): string {
  return alignRight ? text.padStart(width) : text.padEnd(width);
}

export function formatTable(result: SuiteResult): string {
  const header = ['size', 'metric', 'median', 'min', 'max', 'n', 'target', 'verdict', '× baseline'];
  const rows: string[][] = [];
  for (const size of result.sizes) {
    for (const entry of size.metrics) {
      rows.push([
        size.size.toLocaleString('en-US'),
        entry.label,
        formatValue(entry.summary?.median, entry.unit),
        formatValue(entry.summary?.min, entry.unit),
        formatValue(entry.summary?.max, entry.unit),
        String(entry.summary?.count ?? 0),
        entry.target?.text ?? '',
        entry.target ? (entry.target.met === null ? 'no data' : entry.target.met ? 'met' : 'NOT MET') : '',
        entry.ratioToBaseline === null ? '' : `${entry.ratioToBaseline.toFixed(2)}×`,
      ]);
    }
  }
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const rightAligned = new Set([0, 2, 3, 4, 5, 8]);
  const line = (cells: string[]) =>
    cells.map((cell, column) => pad(cell, widths[column], rightAligned.has(column))).join('  ');
  const out = [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
  const notes = result.sizes.flatMap((size) =>
    size.metrics
      .filter((entry) => entry.note)
      .map((entry) => `  ${size.size.toLocaleString('en-US')} · ${entry.label}: ${entry.note}`),
  );
  if (notes.length > 0) out.push('', 'Notes:', ...notes);
  if (result.warnings.length > 0)
    out.push('', 'Warnings:', ...result.warnings.map((warning) => `  ${warning}`));
  return out.join('\n');
}

export function writeJson(result: SuiteResult, file: string): string {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(result, null, 2) + '\n');
  return path;
}
