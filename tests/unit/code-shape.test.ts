import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shape the code keeps (issue 18, docs/architecture.md "Code shape"): no shipped source file over
 * 500 lines (stylesheets too), few double casts, no test scaffolding among shipped files and no import cycle in the
 * renderer, type-only imports included; one naming style per folder. Shipped source: what `git ls-files` lists under `src/` and
 * `server/src/`, tests excluded.
 */
const root = join(import.meta.dirname, '../..');
const MAX_LINES = 500;
const MAX_DOUBLE_CASTS = 10;

function trackedFiles(dirs: string[], extensions = /\.(ts|tsx)$/): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...dirs], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => extensions.test(file) && !file.endsWith('.d.ts'));
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const shipped = trackedFiles(['src', 'server/src']).filter((file) => !isTest(file));
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('code shape', () => {
  it(`keeps every shipped source file at ${MAX_LINES} lines or fewer, stylesheets included`, () => {
    const long = [...shipped, ...trackedFiles(['src'], /\.css$/)]
      .map((file) => ({ file, lines: read(file).split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it(`has at most ${MAX_DOUBLE_CASTS} "as unknown as" casts in shipped code`, () => {
    const casts = shipped.flatMap((file) => (read(file).match(/\bas unknown as\b/g) ?? []).map(() => file));
    expect(casts.length, casts.join('\n')).toBeLessThanOrEqual(MAX_DOUBLE_CASTS);
  });

  it('ships no test scaffolding: no shipped file imports a test library', () => {
    const scaffolding = shipped.filter((file) =>
      /from '(vitest|fake-indexeddb[^']*|@playwright\/test)'|import '(fake-indexeddb[^']*)'/.test(read(file)),
    );
    expect(scaffolding).toEqual([]);
  });

  it('names files one way per folder: kebab-case or camelCase, not both', () => {
    const styles = new Map<string, Set<string>>();
    for (const file of [...shipped, ...trackedFiles(['src'], /\.css$/)]) {
      const stem = basename(file).replace(/(\.worker)?\.(tsx?|css)$/, '');
      const style = stem.includes('-')
        ? 'kebab-case'
        : /[a-z][A-Z]/.test(stem) && !/^[A-Z]/.test(stem)
          ? 'camelCase'
          : null;
      if (style === null) continue;
      const folder = dirname(file);
      styles.set(folder, (styles.get(folder) ?? new Set()).add(style));
    }
    const mixed = [...styles].filter(([, found]) => found.size > 1).map(([folder]) => folder);
    expect(mixed).toEqual([]);
  });

  it('has no import cycle in the renderer, type-only imports included', () => {
    const files = trackedFiles(['src/renderer/src']).filter((file) => !isTest(file));
    const known = new Set(files);
    const edges = new Map<string, string[]>();
    for (const file of files) {
      const targets: string[] = [];
      for (const match of read(file).matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const base = normalize(join(dirname(file), match[1] ?? ''));
        const target = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) =>
          known.has(candidate),
        );
        if (target) targets.push(target);
      }
      edges.set(file, targets);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of edges.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
