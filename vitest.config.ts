// The engine's own tests (`npm test`). The conformance cases themselves run through the CLI,
// which starts vitest with its own settings (src/runner/run-suite.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/servers.ts'],
    reporters: ['default', './test/setup/plain-summary.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
