import { defineConfig } from 'vitest/config';
import type { Reporter } from 'vitest/node';

/** Ends the run with a plain `N passed, N failed` line, which any CI log reader understands. */
const summaryLine: Reporter = {
  onTestRunEnd(testModules, unhandledErrors) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed' || state === 'failed') counts[state]++;
        else counts.skipped++;
      }
    }
    const failed = counts.failed + unhandledErrors.length;
    console.log(`\n${counts.passed} passed, ${failed} failed, ${counts.skipped} skipped`);
  },
};

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`) builds. Node loads the CJS one for
    // dependencies (Pothos, yoga); Vite would give test files the ESM one, and graphql refuses
    // types from "another module or realm". Resolve it the way Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/node-notice.ts'],
    // Said once for the run by node-notice.ts rather than by each test process.
    env: Number(process.versions.node.split('.')[0]) < 22 ? { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } : {},
    reporters: ['default', summaryLine],
    // End-to-end tests start real HTTP servers; generous timeouts absorb noisy shared machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
