import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Two cores: keep the suite light so it does not starve the Playwright run beside it.
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
