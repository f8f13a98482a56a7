import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError, DataError } from '../../errors.js';
import { gate, parseTolerance, parseToleranceSpec, type GateResult, type Tolerance } from '../../evaluation/gate.js';
import { renderGateErrorJUnit, renderGateErrorMarkdown, renderGateJUnit, renderGateMarkdown } from '../../evaluation/gate-summary.js';
import { readEvalReportJson } from '../../evaluation/report/schema.js';
import type { EvalReport } from '../../evaluation/report/types.js';
import { EXIT_CHECK_FAILED } from '../exit-codes.js';
import { fractionFlag } from '../flags.js';
import type { CliIo } from '../io.js';
import { errorLines } from '../error-lines.js';
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

/** Parses the options, reads both reports and runs the gate; throws on bad input. */
async function compare(opts: GateCliOptions): Promise<GateResult> {
  const tolerances = new Map<string, Tolerance>(opts.tolerance.map(parseToleranceSpec));
  const defaultTolerance = parseTolerance(opts.defaultTolerance ?? '0');
  const alpha = opts.requireSignificance === undefined ? undefined : fractionFlag('require-significance', opts.requireSignificance);
  if (opts.test !== 'paired-t' && opts.test !== 'randomisation') {
    throw new ConfigError(`--test: expected paired-t or randomisation, got ${JSON.stringify(opts.test)}`, 'test');
  }
  const baseline = await readReport(opts.baseline, 'baseline');
  const current = await readReport(opts.current, 'current');
  return gate(baseline, current, {
    tolerances,
    defaultTolerance,
    test: opts.test,
    failOnMissing: opts.failOnMissing === true,
    allowDifferentData: opts.allowDifferentData === true,
    ...(alpha === undefined ? {} : { requireSignificance: alpha }),
  });
}

/** Why the gate could not compare, as the CLI reports it on stderr: the message, then further issues. */
function reasonLines(error: unknown): string[] {
  return errorLines(error).lines.map((line) => line.trimStart());
}

/** Writes the summary and JUnit files of a gate that could not compare (a failed write is reported, not thrown). */
async function publishNotCompared(opts: GateCliOptions, reason: readonly string[], io: CliIo): Promise<void> {
  const files = [
    { flag: 'summary', path: opts.summary, text: () => renderGateErrorMarkdown(reason, { baseline: opts.baseline, current: opts.current }) },
    { flag: 'junit', path: opts.junit, text: () => renderGateErrorJUnit(reason) },
  ];
  for (const { flag, path, text } of files) {
    if (path === undefined) continue;
    try {
      await writeFile(path, text(), 'utf8');
    } catch (error) {
      io.err(`warning: --${flag} ${path}: could not write the summary of the failed gate: ${isSystemError(error) ? describeSystemError(error) : String(error)}`);
    }
  }
}

/**
 * `gfp gate`: compares an evaluation report with a baseline under per-metric tolerances, prints
 * the Markdown summary, optionally writes it and JUnit XML; exit 1 on regression, 2 on bad input
 * (then the summary and JUnit files, when asked for, say why nothing was compared).
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
        await checkOutputPaths([
          { flag: 'summary', path: opts.summary },
          { flag: 'junit', path: opts.junit },
        ]);
        let result: GateResult;
        try {
          result = await compare(opts);
        } catch (error) {
          // Exit 2 (or 3): the files CI publishes "either way" still say why nothing was compared.
          await publishNotCompared(opts, reasonLines(error), io);
          throw error;
        }
        const summary = renderGateMarkdown(result);
        for (const w of result.warnings) io.err(`warning: ${w}`);
        io.out(summary);
        if (opts.summary !== undefined) await writeFile(opts.summary, summary, 'utf8');
        if (opts.junit !== undefined) await writeFile(opts.junit, renderGateJUnit(result), 'utf8');
        if (!result.passed) throw new CliExit(EXIT_CHECK_FAILED);
      });
  },
};
