import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real renderer through the web host in Debian's Chromium
 * (`npx playwright install` cannot download browsers here). `.ci/run` installs `chromium` when
 * it is missing. Each test gets a fresh browser context, so a fresh IndexedDB profile.
 */
const port = Number(process.env.E2E_PORT ?? 4173);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  // One folder per build folder: parallel runs on one machine (WEB_OUT_DIR) must not wipe each other's traces.
  outputDir: process.env.WEB_OUT_DIR ? `test-results-${process.env.WEB_OUT_DIR}` : 'test-results',
  fullyParallel: false,
  // CI: one worker on its two cores (the preview server and Chromium need the other), and one retry,
  // which Playwright reports as "flaky" rather than hiding: focus-dependent checks have failed once
  // under heavy load from other processes and passed on every rerun.
  workers: process.env.CI ? 1 : 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'en-US',
    timezoneId: 'Europe/Madrid',
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // A production build served statically: what users run, and much faster per page than dev mode.
    command: `npm run build:web && npx vite preview --config vite.web.config.ts --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    // AG Grid's ValidationModule in the tested build: an AG Grid warning fails a test (keyboard.spec.ts).
    env: { PORT: String(port), WEB_OUT_DIR: process.env.WEB_OUT_DIR ?? 'dist-web', VITE_AG_GRID_VALIDATION: '1' },
  },
});
