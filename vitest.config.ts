import { defineConfig } from 'vitest/config';

// Three projects: quick unit tests; whole builds of the small fixture (Chromium, EPUBCheck,
// Ace, poppler); and checks of the real book, built once for all of them (test/book/setup.ts).
const slow = { testTimeout: 15 * 60_000, hookTimeout: 20 * 60_000, fileParallelism: false };

export default defineConfig({
  test: {
    projects: [
      // Unit tests include whole-text comparisons of a 1.4 MB original: seconds, not milliseconds.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...slow } },
      { test: { name: 'book', include: ['test/book/**/*.test.ts'], globalSetup: ['test/book/setup.ts'], ...slow } },
    ],
  },
});
