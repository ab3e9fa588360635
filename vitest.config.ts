import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{app,bot,knowledge,adapters,admin,eval,bench}/**/*.test.ts'],
    // Once per run, in the background: a warm embedding cache and template data folders.
    globalSetup: ['app/test-global-setup.ts'],
    // Starting the whole app embeds and trains on the sample knowledge base; on a shared, loaded
    // 2-core machine that has taken minutes. These are limits against hangs, not speed checks.
    testTimeout: 180_000,
    hookTimeout: 600_000,
    // Files that start servers or browsers run in their own forks; keep it to 2 cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
