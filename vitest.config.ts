import { defineConfig } from 'vitest/config';

const ALL = ['{app,bot,knowledge,adapters,admin,eval,bench}/**/*.test.ts'];
/** Tests that drive chromium or the whole product on the sample knowledge base. */
const END_TO_END = ['**/*.browser.test.ts', 'adapters/webchat/browser.test.ts', 'app/e2e.test.ts'];

/** What both projects share (the root's globalSetup runs once for both). */
const shared = {
  // Files that start servers or browsers run in their own forks.
  pool: 'forks',
  // Limits against hangs, not speed checks. Set-up waits for the run's templates
  // (app/test-global-setup.ts), which on a loaded 2-core machine has taken minutes.
  testTimeout: 180_000,
  hookTimeout: 600_000,
} as const;

export default defineConfig({
  test: {
    // Once per run, in the background: a warm embedding cache and template data folders.
    globalSetup: ['app/test-global-setup.ts'],
    // Two cores.
    maxWorkers: 2,
    // `npm test` runs both; `npx vitest run --project unit` gives quick feedback without a browser.
    projects: [
      { test: { ...shared, name: 'unit', include: ALL, exclude: END_TO_END } },
      { test: { ...shared, name: 'e2e', include: END_TO_END } },
    ],
  },
});
