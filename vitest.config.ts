import { defineConfig } from 'vitest/config';

// Unit tests live next to the code of each package; cross-package suites (sync end to end,
// browser, faults) live in tests/ and start real server processes, so they get more time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            '{shared,sync,server,mobile}/src/**/*.test.{ts,tsx}',
            '{shared,sync,server}/test/**/*.test.ts',
          ],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
