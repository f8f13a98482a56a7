import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { _alignRows } from '../../evaluation/report/_format.js';
import { renderConsoleTable, renderCsv, renderJson, renderMarkdown } from '../../evaluation/report/render.js';
import type { EvalReport } from '../../evaluation/report/types.js';
import { compareRuns } from '../../evaluation/runner/compare.js';
import { evaluate } from '../../evaluation/runner/evaluate.js';
import { evaluateWithThreads } from '../../node/with-threads.js';
import { loadEvalOptions, readEvalConfigFile, warningsTo, withUnknownProducts } from '../eval-input.js';
import type { CliIo } from '../io.js';
import { threadsFlag } from '../flags.js';
import { unknownProductsOverrideOption, type UnknownProductsFlags } from '../load-data.js';
import { checkOutputPaths } from '../output-paths.js';
import type { CliCommand } from '../program.js';
import { withEvalProgress } from '../progress.js';

interface EvalFlags extends UnknownProductsFlags {
  out?: string;
  markdown?: string;
  csv?: string;
  perUser: boolean;
  compare: boolean;
  quiet?: boolean;
  threads?: number | 'auto';
}

/**
 * Paired tests of every run against the first, per per-user metric: mean difference and the
 * p-values of the paired t and randomisation tests, as aligned text.
 */
export function renderComparisons(report: EvalReport): string {
  const base = report.runs[0];
  if (base === undefined || report.runs.length < 2) return '';
  const rows: string[][] = [[`vs ${base.name}`, 'metric', 'delta', 'p (paired t)', 'p (randomisation)', 'users']];
  for (const run of report.runs.slice(1)) {
    for (const c of compareRuns(base, run)) {
      const delta = c.meanDifference;
      rows.push([run.name, c.label, `${delta >= 0 ? '+' : ''}${delta.toFixed(4)}`, c.pairedT.toPrecision(3), c.randomisation.toPrecision(3), String(c.n)]);
    }
  }
  return rows.length === 1 ? '' : `${_alignRows(rows).join('\n')}\n`;
}

/** The report without per-user vectors (and users). */
function withoutPerUser(report: EvalReport): EvalReport {
  const { users: _users, ...rest } = report;
  return {
    ...rest,
    runs: report.runs.map((run) => ({
      ...run,
      metrics: Object.fromEntries(Object.entries(run.metrics).map(([label, m]) => [label, { mean: m.mean, ci95: m.ci95 }])),
    })),
  };
}

/** `gfp eval CONFIG.json`: runs the evaluation a config file describes, prints a table, writes the report. */
export const evalCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    program
      .command('eval')
      .description('offline evaluation from a config file: fit each model on the train fold, rank for every test user, report metrics with 95% intervals')
      .argument('<config>', 'evaluation config (JSON; schema: schemas/eval-config.schema.json)')
      .option('--out <file>', 'write the report as JSON (the file `gfp gate` reads)')
      .option('--markdown <file>', 'write the table as Markdown')
      .option('--csv <file>', 'write the metrics as CSV')
      .option('--no-per-user', 'leave per-user vectors out of the JSON (smaller; the gate cannot test significance)')
      .option('--no-compare', 'do not print paired tests of each run against the first')
      .option('--quiet', 'no progress bar and no warnings')
      .addOption(unknownProductsOverrideOption())
      .option('--threads <n>', 'fit the models and rank the test users on n worker threads, or "auto" (the same report as without)', (text: string) => threadsFlag('threads', text))
      .action(async (configFile: string, flags: EvalFlags) => {
        // Output paths first: a typo in --out must not cost a whole evaluation.
        await checkOutputPaths([
          { flag: 'out', path: flags.out },
          { flag: 'markdown', path: flags.markdown },
          { flag: 'csv', path: flags.csv },
        ]);
        const file = withUnknownProducts(await readEvalConfigFile(configFile), flags.unknownProducts);
        const warn = warningsTo(io, flags.quiet === true);
        const options = await loadEvalOptions(file, warn);
        // Per-user vectors are always computed (the paired tests need them) and dropped from the file if asked.
        const threads = flags.threads;
        const report = await withEvalProgress(flags.quiet === true, (onProgress) => {
          const o = { ...options, keepPerUser: true, ...(onProgress === undefined ? {} : { onProgress }) };
          return threads === undefined ? Promise.resolve(evaluate(o, warn)) : evaluateWithThreads(o, { threads, onWarning: warn });
        });
        io.out(renderConsoleTable(report));
        if (flags.compare) {
          const comparisons = renderComparisons(report);
          if (comparisons !== '') io.out(`\n${comparisons}`);
        }
        const keep = flags.perUser && options.keepPerUser !== false;
        if (flags.out !== undefined) await writeFile(flags.out, renderJson(keep ? report : withoutPerUser(report)), 'utf8');
        if (flags.markdown !== undefined) await writeFile(flags.markdown, renderMarkdown(report), 'utf8');
        if (flags.csv !== undefined) await writeFile(flags.csv, renderCsv(report), 'utf8');
      });
  },
};
