import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real HTTP servers; generous timeouts absorb noisy shared machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
