import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      evaluation: 'src/evaluation/index.ts',
      simulation: 'src/simulation/index.ts',
      io: 'src/io/index.ts',
      node: 'src/node/index.ts',
      // The worker script of the thread pool, found beside the entry at run time.
      'thread-worker': 'src/node/thread-worker.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
    // import.meta.url in the CommonJS build (the thread pool locates its worker script by it).
    shims: true,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
