import { writeFile } from 'node:fs/promises';
import { defineConfig, type Options } from 'tsup';

/** The library's entries: the core and its subpaths (each `exports` key of package.json). */
const LIBRARY = {
  index: 'src/index.ts',
  evaluation: 'src/evaluation/index.ts',
  simulation: 'src/simulation/index.ts',
  io: 'src/io/index.ts',
  redis: 'src/redis/index.ts',
  node: 'src/node/index.ts',
};

/** The worker script of the thread pool (src/node), found beside the entries at run time; no types. */
const WORKER = { 'thread-worker': 'src/node/thread-worker.ts' };

const shared: Options = {
  target: 'node20',
  splitting: true,
  treeshake: true,
  // Built classes keep their names (ConfigError, not _ConfigError).
  keepNames: true,
  // No source maps: dist is plain, unminified JavaScript with names kept, so stack traces read as
  // they are; maps with sourcesContent were 3.3 MB of the 5 MB package, and maps without it would
  // point at src/, which is not shipped.
  sourcemap: false,
  // The Porter stemmer (4 KB, ESM-only) is bundled, so the CommonJS build works on every Node 20.
  noExternal: ['stemmer'],
};

export default defineConfig([
  {
    ...shared,
    // ESM: the library and the gfp CLI in one build, so the CLI imports the library's own chunks
    // instead of bundling a second copy (src/cli/main.ts starts with the #! line). The error
    // classes are an entry of their own so that they land in a chunk of their own: a consumer's
    // bundler (sideEffects: false) that needs only ConfigError takes that chunk, not zod.
    entry: { ...LIBRARY, ...WORKER, errors: 'src/errors.ts', cli: 'src/cli/main.ts' },
    format: ['esm'],
    // One set of declarations (.d.cts, from the CommonJS build): each ESM entry's .d.ts re-exports
    // it, so both builds share their types and the package does not carry them twice (60 KB gzipped).
    async onSuccess() {
      for (const name of Object.keys(LIBRARY)) await writeFile(`dist/${name}.d.ts`, `export * from './${name}.cjs';\n`);
    },
  },
  {
    ...shared,
    entry: { ...LIBRARY, ...WORKER },
    format: ['cjs'],
    dts: { entry: LIBRARY },
    // import.meta.url in the CommonJS build (the thread pool locates its worker script by it).
    shims: true,
  },
]);
