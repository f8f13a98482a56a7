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
  // No keepNames: its __name() wrappers survive a consumer's minifier and cost 3.3 KB of the
  // gzipped browser bundle. esbuild renames only identifiers that collide across modules (a few
  // helpers get a digit suffix); the error classes set their own name (src/errors.ts, brand()).
  keepNames: false,
  // No source maps (maps with sourcesContent were 3.3 MB of the 5 MB package; maps without it
  // would point at src/, which is not shipped). Whitespace is minified (38 KB of the gzipped
  // tarball, which issue 15 caps at 400 KB); identifiers and syntax are not, so a stack trace
  // names functions and classes as the source does.
  sourcemap: false,
  minifyWhitespace: true,
  // The Porter stemmer (4 KB, ESM-only) is bundled.
  noExternal: ['stemmer'],
};

/**
 * Each CommonJS entry is a one-line wrapper that loads the ES module build with `require()`
 * (require(esm): Node >= 20.19, unflagged and without a warning there). One copy of the code
 * instead of two: the tarball loses the 810 KB CommonJS build, and the ESM and CommonJS entries
 * share one module instance, so their error classes are the same classes.
 */
function commonJsWrapper(name: string): string {
  return `'use strict';\n// The ES module build, loaded with require(esm) (Node >= 20.19).\nmodule.exports = require('./${name}.js');\n`;
}

export default defineConfig([
  {
    ...shared,
    splitting: true,
    treeshake: true,
    // The library and the gfp CLI in one build, so the CLI imports the library's own chunks
    // instead of bundling a second copy (src/cli/main.ts starts with the #! line). The error
    // classes are an entry of their own so that they land in a chunk of their own: a consumer's
    // bundler (sideEffects: false) that needs only ConfigError takes that chunk, not zod.
    entry: { ...LIBRARY, ...WORKER, errors: 'src/errors.ts', cli: 'src/cli/main.ts' },
    format: ['esm'],
    async onSuccess() {
      for (const name of Object.keys(LIBRARY)) {
        await writeFile(`dist/${name}.cjs`, commonJsWrapper(name));
        // One set of declarations (.d.cts, from the build below); each ESM entry's .d.ts re-exports it.
        await writeFile(`dist/${name}.d.ts`, `export * from './${name}.cjs';\n`);
      }
    },
  },
  {
    ...shared,
    // Declarations only (.d.cts), one set for both module systems.
    entry: LIBRARY,
    format: ['cjs'],
    dts: { entry: LIBRARY, only: true },
  },
]);
