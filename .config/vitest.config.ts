import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The JSON report feeds the "N passed, N failed" line that .ci/run prints.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    pool: 'forks',
  },
});
