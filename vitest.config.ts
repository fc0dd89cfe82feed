import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Whole-book tests run Chromium, EPUBCheck and poppler: minutes, not milliseconds.
    testTimeout: 15 * 60_000,
    hookTimeout: 20 * 60_000,
    // Two cores: the whole-book builds must not fight over them.
    fileParallelism: false,
  },
});
