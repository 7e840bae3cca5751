import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The project's ESLint rules that keep code where it may run, and keep tests inside the clone, checked
 * with a deliberately wrong file in each direction (the same config `npm run lint` uses).
 */
const eslint = new ESLint({ cwd: process.cwd() });

/**
 * The path of the design folder beside a clone, for the deliberately wrong files below. Put together
 * here, so the linted text holds it but this file (which the project's checks also read for reaches
 * out of the clone) does not.
 */
const SHARED_REFERENCE = ['shared', 'reference'].join('/');

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('lint boundaries', () => {
  it('refuses a test that reads ../shared, which a clone placed anywhere does not have', async () => {
    const messages = await ruleIdsFor(
      'tests/unit/reads-shared.test.ts',
      `import { readFileSync } from 'node:fs';\nexport const spec = readFileSync('../${SHARED_REFERENCE}/chatwoot/application_swagger.json', 'utf8');\n`,
    );
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-syntax: Reads \.\.\/shared/)]);
  });

  it('refuses a template literal or a raw import that reaches ../shared', async () => {
    const messages = await ruleIdsFor(
      'src/renderer/src/data/store/reads-shared.test.ts',
      `import sample from '${'../'.repeat(5)}${SHARED_REFERENCE}/chatwoot/import-contacts-sample.csv?raw';\nconst dir = 'x';\nexport const path = \`\${dir}/${SHARED_REFERENCE}/a.csv\`;\nexport default sample;\n`,
    );
    expect(messages).toHaveLength(2);
    for (const message of messages) expect(message).toMatch(/^no-restricted-syntax: Reads \.\.\/shared/);
  });

  it('accepts the project’s own fixtures', async () => {
    const messages = await ruleIdsFor(
      'tests/unit/reads-fixture.test.ts',
      "import { readFileSync } from 'node:fs';\nexport const spec = readFileSync('tests/fixtures/chatwoot/application_swagger.json', 'utf8');\n",
    );
    expect(messages).toEqual([]);
  });

  it('keeps the renderer away from Electron and Node', async () => {
    const messages = await ruleIdsFor('src/renderer/src/contacts/uses-electron.ts', "import { ipcRenderer } from 'electron';\nexport const bridge = ipcRenderer;\n");
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*The renderer reaches main only through the HostApi bridge/)]);
  });

  it('keeps src/shared pure', async () => {
    const messages = await ruleIdsFor('src/shared/uses-react.ts', "import { useState } from 'react';\nexport const hook = useState;\n");
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*src\/shared is pure/)]);
  });

  it('keeps AG Grid Enterprise out', async () => {
    const messages = await ruleIdsFor('src/renderer/src/contacts/uses-enterprise.ts', "import 'ag-grid-enterprise';\n");
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*AG Grid Community only/)]);
  });
  describe('renderer zones (scripts/eslint-zones.js)', () => {
    it('keeps data/ from importing a feature folder', async () => {
      const messages = await ruleIdsFor('src/renderer/src/data/store/uses-feature.ts', "import { useContactsView } from '../../contacts/store';\nexport const view = useContactsView;\n");
      expect(messages).toEqual([expect.stringMatching(/^wintook\/zones: data\/ is the ground floor: it may not import the contacts\/ folder/)]);
    });

    it('keeps data/ free of UI libraries', async () => {
      for (const library of ['react', 'zustand', 'ag-grid-community', 'react-i18next', 'slate-react']) {
        const messages = await ruleIdsFor('src/renderer/src/data/sync/uses-ui.ts', `import * as ui from '${library}';\nexport const x = ui;\n`);
        expect(messages).toEqual([expect.stringMatching(new RegExp(`^wintook/zones: .*may not import '${library}'`))]);
      }
    });

    it('lets data/ import its own folders, even one named like a feature (data/import)', async () => {
      const messages = await ruleIdsFor('src/renderer/src/data/sync/uses-data.ts', "import type { PreviewRow } from '../import/protocol';\nexport type Row = PreviewRow;\n");
      expect(messages).toEqual([]);
    });

    it('keeps a feature to data/api.ts: no data internals, no Dexie', async () => {
      const internals = await ruleIdsFor('src/renderer/src/contacts/uses-internals.ts', "import { openDb } from '../data/store/schema';\nexport const open = openDb;\n");
      expect(internals).toEqual([expect.stringMatching(/^wintook\/zones: Feature folders reach data\/ only through data\/api\.ts/)]);
      const dexie = await ruleIdsFor('src/renderer/src/filters/uses-dexie.ts', "import Dexie from 'dexie';\nexport const db = Dexie;\n");
      expect(dexie).toEqual([expect.stringMatching(/^wintook\/zones: Feature folders reach the store through Services/)]);
      const api = await ruleIdsFor('src/renderer/src/contacts/uses-api.ts', "import { RepositoryError } from '../data/api';\nexport const error = RepositoryError;\n");
      expect(api).toEqual([]);
    });

    it('keeps features from importing the composition root', async () => {
      const messages = await ruleIdsFor('src/renderer/src/settings/uses-app.ts', "import { createServices } from '../app/bootstrap';\nexport const create = createServices;\n");
      expect(messages).toEqual([expect.stringMatching(/^wintook\/zones: app\/ is the composition root/)]);
    });

    it('keeps the server out of the renderer, data floor included', async () => {
      const messages = await ruleIdsFor('src/renderer/src/data/sync/uses-server.ts', "import { startServer } from '../../../../../server/src/start';\nexport const start = startServer;\n");
      expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*The renderer reaches main only through the HostApi bridge/)]);
    });
  });
});
