/**
 * ESLint rule `wintook/zones`: the renderer's floors (docs/architecture.md "Zones").
 *
 * - `data/` (store, sync, import, indexes) is the ground floor: it imports nothing from the feature
 *   folders or `app/`, and no UI library (React, zustand, AG Grid, Slate, i18next).
 * - A feature folder (components and UI stores) reaches `data/` only through `data/api.ts`, and never
 *   imports Dexie. Tests beside a feature may build a repository, so they are exempt.
 * - `app/` is the composition root and may import anything; nothing imports `app/` but the entry files.
 *
 * Paths are resolved from the importing file, so `../import/protocol` inside `data/` (data's own import
 * worker) and `../import/ImportDialog` from a feature are told apart, which a pattern on the import's
 * text cannot do.
 */
import { dirname, join, relative, sep } from 'node:path';

const RENDERER = join('src', 'renderer', 'src');
const UI_PACKAGES = [/^react(-dom)?(\/|$)/, /^zustand(\/|$)/, /^ag-grid-/, /^@ag-grid-community\//, /^slate(-react|-history)?(\/|$)/, /^i18next(\/|$)/, /^react-i18next(\/|$)/];
const ENTRY_FILES = new Set(['main.tsx', 'boot.ts']);

/** `data`, `app`, a feature folder's name, `entry` for the root files, or null outside the renderer. */
function zoneOf(rendererRelative) {
  if (rendererRelative.startsWith('..')) return null;
  const [first, ...rest] = rendererRelative.split(sep);
  if (rest.length === 0) return ENTRY_FILES.has(first) ? 'entry' : 'root';
  return first;
}

const isTest = (file) => /\.test\.tsx?$/.test(file);

export const zonesRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps the renderer in floors: data below features, app on top (docs/architecture.md).' },
    schema: [],
    messages: {
      dataImportsUi: 'data/ is the ground floor: it may not import {{what}} (UI and features reach data, never the reverse).',
      featureImportsDexie: 'Feature folders reach the store through Services and data/api.ts, never Dexie itself.',
      featureImportsDataInternals: 'Feature folders reach data/ only through data/api.ts (add the name there if a feature really needs it).',
      importsApp: 'app/ is the composition root: only the entry files import it. Shared UI pieces live in ui/.',
    },
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const fromRenderer = relative(join(root, RENDERER), file);
    const zone = zoneOf(fromRenderer);
    if (zone === null) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (!source.startsWith('.')) {
        if (zone === 'data' && UI_PACKAGES.some((pattern) => pattern.test(source))) context.report({ node, messageId: 'dataImportsUi', data: { what: `'${source}'` } });
        if (zone !== 'data' && zone !== 'app' && zone !== 'entry' && !isTest(file) && (source === 'dexie' || source.startsWith('dexie/')))
          context.report({ node, messageId: 'featureImportsDexie' });
        return;
      }
      const target = relative(join(root, RENDERER), join(dirname(file), source));
      const targetZone = zoneOf(target);
      if (targetZone === null) return;
      if (zone === 'data' && targetZone !== 'data') {
        context.report({ node, messageId: 'dataImportsUi', data: { what: `the ${targetZone === 'root' || targetZone === 'entry' ? 'entry files' : `${targetZone}/ folder`}` } });
        return;
      }
      if (targetZone === 'app' && zone !== 'app' && zone !== 'entry') {
        context.report({ node, messageId: 'importsApp' });
        return;
      }
      if (zone !== 'data' && zone !== 'app' && zone !== 'entry' && targetZone === 'data' && !isTest(file)) {
        const inside = target.split(sep).slice(1).join('/').replace(/\.tsx?$/, '');
        if (inside !== 'api') context.report({ node, messageId: 'featureImportsDataInternals' });
      }
    };
    const fromNode = (node) => check(node, node.source?.value);
    return {
      ImportDeclaration: fromNode,
      ExportNamedDeclaration: fromNode,
      ExportAllDeclaration: fromNode,
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined),
    };
  },
};

export default { rules: { zones: zonesRule } };
