import { defineConfig } from 'vitest/config';

// Every top-level folder's tests, so a new folder's are never silently skipped.
const ALL = ['**/*.test.ts'];
/** Tests that drive chromium, the whole product on the sample knowledge base, or kill servers mid-load (*.crash.test.ts). */
const END_TO_END = ['**/*.browser.test.ts', 'adapters/webchat/browser.test.ts', 'app/e2e.test.ts', '**/*.crash.test.ts', 'eval/suite/shipped.test.ts'];

/** What both projects share (the root's globalSetup runs once for both). */
const shared = {
  // Files that start servers or browsers run in forks (not threads).
  pool: 'forks',
  // Before each file: the run's training cache.
  setupFiles: ['app/test-setup.ts'] as string[],
  // Files share their worker's module cache: each file re-importing the app, the matcher and the
  // database driver was a third of the unit tests' time, and loaded models (USE-lite, an empty
  // database's dump) are reused. So a file must leave no global state behind: none mocks modules
  // or stubs globals.
  isolate: false,
  // Limits against hangs, not speed checks, sized on a 2-core machine at load average 16: there
  // the slowest test without its own limit took 62 s (29 s once its PGlite came from a template),
  // and a file's set-up waited about 150 s for the fixture template (app/test-global-setup.ts).
  // Files that wait for the sample knowledge base or restart the app set their own, longer limits.
  testTimeout: 90_000,
  hookTimeout: 300_000,
} as const;

export default defineConfig({
  test: {
    // Once per run, in the background: a warm embedding cache and template data folders.
    globalSetup: ['app/test-global-setup.ts'],
    // Two cores.
    maxWorkers: 2,
    // `npm test` runs both; `npx vitest run --project unit` gives quick feedback without a browser.
    projects: [
      { test: { ...shared, name: 'unit', include: ALL, exclude: [...END_TO_END, '**/node_modules/**', '**/.git/**'] } },
      { test: { ...shared, name: 'e2e', include: END_TO_END } },
    ],
  },
});
