import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-build.ts'],
    testTimeout: 30_000,
    // Hooks build the fixtures the tests share (the demo's 60,000 contacts in test/demo/shape.test.ts, a
    // migrated PostgreSQL schema per test): the same work as a test, so the same budget. Vitest's 10 s
    // default failed shape.test.ts's beforeAll at 13.3 s and 14.1 s with two `npm test` runs side by side
    // on 2 cores (load average 10).
    hookTimeout: 30_000,
    reporters: ['default'],
  },
});
