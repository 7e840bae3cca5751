import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The project's ESLint rules that keep code where it may run, and keep tests inside the clone, checked
 * with a deliberately wrong file in each direction (the same config `npm run lint` uses).
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('lint boundaries', () => {
  it('refuses a test that reads ../shared, which a clone placed anywhere does not have', async () => {
    const messages = await ruleIdsFor(
      'tests/unit/reads-shared.test.ts',
      // eslint-disable-next-line no-restricted-syntax -- the deliberately wrong file under test
      "import { readFileSync } from 'node:fs';\nexport const spec = readFileSync('../shared/reference/chatwoot/application_swagger.json', 'utf8');\n",
    );
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-syntax: Reads \.\.\/shared/)]);
  });

  it('refuses a template literal or a raw import that reaches ../shared', async () => {
    const messages = await ruleIdsFor(
      'src/renderer/src/db/reads-shared.test.ts',
      // eslint-disable-next-line no-restricted-syntax -- the deliberately wrong file under test
      "import sample from '../../../../../shared/reference/chatwoot/import-contacts-sample.csv?raw';\nconst dir = 'x';\nexport const path = `${dir}/shared/reference/a.csv`;\nexport default sample;\n",
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
});
