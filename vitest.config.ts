import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples and tests may import the package by its public names; they resolve to the sources.
    alias: [
      { find: /^goods-find-people$/, replacement: src('index.ts') },
      { find: /^goods-find-people\/(evaluation|simulation|io|redis|node)$/, replacement: src('$1/index.ts') },
    ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
