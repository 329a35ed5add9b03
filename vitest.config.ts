import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`) builds. Node loads the CJS one for
    // dependencies (Pothos, yoga); Vite would give test files the ESM one, and graphql refuses
    // types from "another module or realm". Resolve it the way Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real HTTP servers; generous timeouts absorb noisy shared machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
