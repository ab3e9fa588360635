import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{app,bot,knowledge,adapters,admin,eval,bench}/**/*.test.ts'],
    // Model loading (USE, fastText, PGlite) is slow on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files that start servers or browsers run in their own forks; keep it to 2 cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
