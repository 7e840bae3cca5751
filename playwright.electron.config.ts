import { defineConfig } from '@playwright/test';
import { findElectronBinary, NO_ELECTRON_REASON } from './tests/electron/electron-binary';

/**
 * The Electron suite: launches the built app (`out/main/index.js`, so run `npx electron-vite build`
 * first) with Playwright's `_electron`. It needs an Electron binary; where none exists every test
 * is skipped with the reason (tests/electron/electron-binary.ts). On a Linux machine without a
 * display, run it under `xvfb-run`.
 */
// Said once, up front: the list reporter shows skipped tests without their reason.
if (!findElectronBinary()) process.stderr.write(`Skipping the Electron suite. ${NO_ELECTRON_REASON}\n`);

export default defineConfig({
  testDir: 'tests/electron',
  outputDir: 'test-results/electron',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
