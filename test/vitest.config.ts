import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two workers on a two-core machine, and modules kept between files of one worker: loading the engine once
    // per worker instead of once per file halves the suite (measured 152 s → 73 s). Tests therefore must not
    // leave global state behind (timers, environment, module mocks); each restores what it changes.
    maxWorkers: 2,
    isolate: false,
    globalSetup: ['test/global-setup.ts'],
  },
});
