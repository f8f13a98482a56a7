import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError, DataError } from '../../errors.js';
import { gate, parseTolerance, parseToleranceSpec, type Tolerance } from '../../evaluation/gate.js';
import { renderGateJUnit, renderGateMarkdown } from '../../evaluation/gate-summary.js';
import { readEvalReportJson } from '../../evaluation/report/schema.js';
import type { EvalReport } from '../../evaluation/report/types.js';
import { EXIT_CHECK_FAILED } from '../exit-codes.js';
import { fractionFlag } from '../flags.js';
import type { CliIo } from '../io.js';
import { checkOutputPaths } from '../output-paths.js';
import { describeSystemError, isSystemError, readTextFile } from '../system-error.js';
import { CliExit } from '../cli-exit.js';
import type { CliCommand } from '../program.js';

interface GateCliOptions {
  baseline: string;
  current: string;
  tolerance: string[];
  defaultTolerance?: string;
  requireSignificance?: string;
  test: string;
  summary?: string;
  junit?: string;
  failOnMissing?: boolean;
  allowDifferentData?: boolean;
}

async function readReport(file: string, role: string): Promise<EvalReport> {
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (error) {
    const why = isSystemError(error) ? describeSystemError(error) : error instanceof Error ? error.message : String(error);
    throw new DataError(`cannot read the ${role} report: ${why}`, { cause: error });
  }
  return readEvalReportJson(text, file);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').filter((s) => s.trim() !== '')];
}

/**
 * `gfp gate`: compares an evaluation report with a baseline under per-metric tolerances, prints
 * the Markdown summary, optionally writes it and JUnit XML; exit 1 on regression, 2 on bad input.
 */
export const gateCommand: CliCommand = {
  register(program: Command, io: CliIo) {
    program
      .command('gate')
      .description('regression gate: compare an evaluation report with a baseline (exit 1 on regression, 2 on bad input)')
      .requiredOption('--baseline <file>', 'baseline report (JSON)')
      .requiredOption('--current <file>', 'current report (JSON)')
      .option('--tolerance <label=value>', 'tolerance per metric, absolute (ndcg@10=0.01) or relative (ndcg@10=2%); repeatable', collect, [])
      .option('--default-tolerance <value>', 'tolerance of metrics without their own (absolute or N%)', '0')
      .option('--require-significance <alpha>', 'fail only if a paired test on per-user values gives p < alpha')
      .option('--test <name>', 'paired test for --require-significance: paired-t or randomisation', 'paired-t')
      .option('--fail-on-missing', 'a metric or run missing from the current report fails the gate')
      .option('--allow-different-data', 'compare reports of different data, merchant tiers, protocols or propensity models anyway, with a warning (else exit 2)')
      .option('--summary <file>', 'also write the Markdown summary to this file')
      .option('--junit <file>', 'write JUnit XML to this file')
      .action(async (opts: GateCliOptions) => {
        const tolerances = new Map<string, Tolerance>(opts.tolerance.map(parseToleranceSpec));
        const defaultTolerance = parseTolerance(opts.defaultTolerance ?? '0');
        const alpha = opts.requireSignificance === undefined ? undefined : fractionFlag('require-significance', opts.requireSignificance);
        if (opts.test !== 'paired-t' && opts.test !== 'randomisation') {
          throw new ConfigError(`--test: expected paired-t or randomisation, got ${JSON.stringify(opts.test)}`, 'test');
        }
        await checkOutputPaths([
          { flag: 'summary', path: opts.summary },
          { flag: 'junit', path: opts.junit },
        ]);
        const baseline = await readReport(opts.baseline, 'baseline');
        const current = await readReport(opts.current, 'current');
        const result = gate(baseline, current, {
          tolerances,
          defaultTolerance,
          test: opts.test,
          failOnMissing: opts.failOnMissing === true,
          allowDifferentData: opts.allowDifferentData === true,
          ...(alpha === undefined ? {} : { requireSignificance: alpha }),
        });
        const summary = renderGateMarkdown(result);
        for (const w of result.warnings) io.err(`warning: ${w}`);
        io.out(summary);
        if (opts.summary !== undefined) await writeFile(opts.summary, summary, 'utf8');
        if (opts.junit !== undefined) await writeFile(opts.junit, renderGateJUnit(result), 'utf8');
        if (!result.passed) throw new CliExit(EXIT_CHECK_FAILED);
      });
  },
};
