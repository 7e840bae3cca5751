import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import wintook from './scripts/eslint-zones.js';

const agGridEnterprise = {
  group: ['ag-grid-enterprise', 'ag-grid-enterprise/*', '@ag-grid-enterprise/*'],
  message: 'AG Grid Community only (MIT): Enterprise modules are not licensed here.',
};

const outsideSharedMessage = 'Reads ../shared, which a clone of the project does not have: copy the file into tests/fixtures/.';
const outsideShared = [
  { selector: 'Literal[value=/(^|[\\/])shared[\\/](reference|DESIGN|STYLE)/]', message: outsideSharedMessage },
  { selector: 'TemplateElement[value.raw=/(^|[\\/])shared[\\/](reference|DESIGN|STYLE)/]', message: outsideSharedMessage },
];

/** Process boundaries, enforced: see STYLE.md "Process boundaries are enforced, not remembered". */
const boundaries = {
  shared: {
    patterns: [
      agGridEnterprise,
      {
        group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/server/**', 'electron', 'node:*', 'react', 'dexie'],
        message: 'src/shared is pure: it imports nothing from main, preload, renderer, server, Node or the DOM.',
      },
    ],
  },
  renderer: {
    patterns: [
      agGridEnterprise,
      { group: ['**/main/**', '**/preload/**', '**/server/**', 'electron', 'node:*'], message: 'The renderer reaches main only through the HostApi bridge.' },
    ],
  },
  main: {
    patterns: [agGridEnterprise, { group: ['**/renderer/**', '**/server/**'], message: 'Main never imports the renderer or the server.' }],
  },
  server: {
    patterns: [agGridEnterprise, { group: ['**/renderer/**', '**/main/**', '**/preload/**', 'electron'], message: 'The server shares only src/shared.' }],
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'server/dist*/**',
      'dist-web*/**',
      'release/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
      'tmp/**',
      '**/*.tmp.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-imports': ['error', { patterns: [agGridEnterprise] }],
      // ../shared lies beside the team's checkout only: a user's clone (and a clone placed anywhere) has
      // no ../shared, so nothing the project runs may read it. Test fixtures live in tests/fixtures/.
      'no-restricted-syntax': ['error', ...outsideShared],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', boundaries.shared] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, wintook },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // data/ below the features, app/ on top (scripts/eslint-zones.js, docs/architecture.md "Zones").
      'wintook/zones': 'error',
      'no-restricted-imports': ['error', boundaries.renderer],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', boundaries.main] },
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', boundaries.server] },
  },
  {
    // Command-line scripts, benchmarks and test harnesses report on the console by design.
    files: ['scripts/**/*.{ts,mjs}', 'bench/**/*.ts', '.ci/**', 'tests/e2e/**/*.ts', 'tests/electron/**/*.ts', 'build/**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
);
