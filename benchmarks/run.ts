/**
 * Entry of `npm run bench`: runs every benchmark module (or those named on the command line, e.g.
 * `npm run bench -- p1-quality topn-scan`), prints each Markdown section and writes it to
 * benchmarks/out/<name>.md. Every module exports `run(): Promise<string>` returning Markdown.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Benchmark modules in run order (file names in benchmarks/ without `.ts`). */
export const BENCHMARKS: readonly string[] = [
  'p1-quality',
  'ials-speed',
  'topn-scan',
  'recommend-latency',
  'eval-speed',
  'text-index',
  'blend-weights',
  'blend-defaults',
  'tune',
  'fairness',
  'fairness-defaults',
  'fairness-frontier',
  'fairness-independent',
  'feedback-loop',
  'catalogues',
  'heavy-users',
  'item-bursts',
  'package-size',
  'propensity-validation',
  'redis-ledger',
  'online-catalogue',
];

/** Short names accepted on the command line. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['p1', 'p1-quality'],
  ['ials', 'ials-speed'],
  ['topn', 'topn-scan'],
  ['latency', 'recommend-latency'],
  ['eval', 'eval-speed'],
  ['text', 'text-index'],
  ['blend', 'blend-weights'],
  ['loop', 'feedback-loop'],
  ['package', 'package-size'],
  ['propensity', 'propensity-validation'],
  ['redis', 'redis-ledger'],
  ['online', 'online-catalogue'],
]);

interface BenchModule {
  run(): Promise<string> | string;
}

async function main(args: readonly string[]): Promise<number> {
  const names = args.length === 0 ? BENCHMARKS : args.map((a) => ALIASES.get(a) ?? a);
  const unknown = names.filter((n) => !BENCHMARKS.includes(n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')} (known: ${BENCHMARKS.join(', ')}; aliases: ${[...ALIASES.keys()].join(', ')})`);
    return 2;
  }
  const outDir = join(import.meta.dirname, 'out');
  mkdirSync(outDir, { recursive: true });
  let failed = 0;
  for (const name of names) {
    const file = join(import.meta.dirname, `${name}.ts`);
    if (!existsSync(file)) {
      console.error(`skipping ${name}: ${file} does not exist`);
      continue;
    }
    console.error(`running ${name} ...`);
    try {
      const mod = (await import(pathToFileURL(file).href)) as BenchModule;
      const markdown = await mod.run();
      console.log(markdown);
      writeFileSync(join(outDir, `${name}.md`), markdown);
      console.error(`wrote benchmarks/out/${name}.md`);
    } catch (error) {
      // One broken benchmark must not hide the others' results.
      console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      failed++;
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
