/**
 * What the published package costs a consumer (issue 15): a production install of the packed
 * tarball alone into a fresh project (packages and apparent size), the tarball, browser bundles of
 * the core made with esbuild (minified, gzipped), and the time to import the core against the
 * time to import zod alone, both measured in this run, in fresh Node processes, interleaved.
 * Needs a build (`npm run build`). The limits that are facts of the package are asserted by
 * tests/package/installed-package.test.ts; timings only live here.
 */
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';
import { CORE_BUNDLE, ERROR_CLASS_BUNDLE, browserBundle, installTarball, packTarball, run as runCommand } from './_package.js';
import { median } from './_timing.js';

/** Fresh processes per module for the import times. */
const IMPORT_REPS = 15;

/** Milliseconds to import `specifier` and the process's RSS after it, in a fresh Node process in `dir`. */
async function importCost(dir: string, specifier: string): Promise<{ ms: number; rssMb: number }> {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); const ms = performance.now() - t; console.log(JSON.stringify({ ms, rssMb: process.memoryUsage().rss / 1e6 }));`;
  return JSON.parse(await runCommand(process.execPath, ['--input-type=module', '-e', script], dir)) as { ms: number; rssMb: number };
}

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;

/** Runs the measurements and returns the Markdown section. */
export async function run(): Promise<string> {
  const tarball = await packTarball();
  const installed = await installTarball(tarball.path);
  const core = await browserBundle(installed.dir, CORE_BUNDLE);
  const errorOnly = await browserBundle(installed.dir, ERROR_CLASS_BUNDLE);
  const times = { zod: [] as number[], core: [] as number[] };
  const rss = { zod: [] as number[], core: [] as number[] };
  for (let i = 0; i < IMPORT_REPS; i++) {
    // Interleaved, so both see the same machine load.
    const z = await importCost(installed.dir, 'zod');
    const c = await importCost(installed.dir, 'goods-find-people');
    times.zod.push(z.ms);
    times.core.push(c.ms);
    rss.zod.push(z.rssMb);
    rss.core.push(c.rssMb);
  }
  const zodMs = median(times.zod);
  const coreMs = median(times.core);
  const sizes = markdownTable(
    ['measure', 'value', 'limit', 'within'],
    [
      ['production install: packages (the package included)', `${installed.packages.length} (${[...installed.packages].sort().join(', ')})`, '15', installed.packages.length <= 15 ? 'yes' : 'no'],
      ['production install: apparent size of node_modules', mb(installed.bytes), '10 MB', installed.bytes <= 10e6 ? 'yes' : 'no'],
      ['tarball (npm pack)', `${kb(tarball.bytes)} (${tarball.files.length} files)`, '400 KB', tarball.bytes <= 400_000 ? 'yes' : 'no'],
      ['core browser bundle, minified', kb(core.minified), '', ''],
      ['core browser bundle, minified + gzipped', kb(core.gzipped), '60 KB', core.gzipped <= 60_000 ? 'yes' : 'no'],
      ['bundle of ConfigError alone, minified + gzipped', kb(errorOnly.gzipped), '5 KB', errorOnly.gzipped <= 5_000 ? 'yes' : 'no'],
    ],
  );
  const imports = markdownTable(
    ['import in a fresh process', 'median ms', 'vs zod alone', 'median RSS after'],
    [
      ["`import('zod')` (baseline, same run)", zodMs.toFixed(1), '1.00x', `${median(rss.zod).toFixed(0)} MB`],
      ["`import('goods-find-people')` (the core; it imports zod/mini and zod's core)", coreMs.toFixed(1), `${(coreMs / zodMs).toFixed(2)}x (target 1.5x)`, `${median(rss.core).toFixed(0)} MB`],
    ],
  );
  return [
    '## Package size: `npm run bench -- package-size`',
    '',
    'The packed tarball installed alone with `npm install <tarball> --omit=dev` into a fresh project (optional peer `natural` not installed); bundles made by esbuild for the browser (ESM, minified, tree-shaken) from that install.',
    '',
    sizes,
    '',
    `Import time: ${IMPORT_REPS} fresh Node processes per module, interleaved, in the same install.`,
    '',
    imports,
    '',
    caption('npm run build && npm run bench -- package-size'),
    '',
  ].join('\n');
}
