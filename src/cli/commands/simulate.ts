import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Option, type Command } from 'commander';
import { loadMarketplace } from '../../io/load-marketplace.js';
import { eventsCsv } from '../../io/write-marketplace.js';
import { lambdaVariants } from '../../simulation/feedback-loop/compare.js';
import { simulateFeedbackLoop } from '../../simulation/feedback-loop/simulate.js';
import { parseFeedbackLoopOptions, type FeedbackLoopOptionsInput } from '../../simulation/feedback-loop/options.js';
import { feedbackLoopTables } from '../../simulation/feedback-loop/table.js';
import { truthFromJSON, type MarketplaceTruth } from '../../simulation/marketplace/truth.js';
import { FormatError } from '../../errors.js';
import { ConfigError } from '../../errors.js';
import { fractionFlag, nonNegativeFlag, nonNegativeIntFlag, numberListFlag, positiveIntFlag } from '../flags.js';
import { makeOutputDir } from '../output-paths.js';
import type { CliIo } from '../io.js';
import { readTextFile } from '../system-error.js';
import { readRecommenderConfig } from '../read-config.js';
import type { CliCommand } from '../program.js';
import { addProgressOption, progressFromFlags, type ProgressFlags } from '../load-data.js';

interface SimulateFlags extends ProgressFlags {
  data: string;
  lambda: string;
  config?: string;
  rounds: string;
  perRound: string;
  n: string;
  refitEvery: string;
  seed: string;
  clickModel: 'position' | 'cascade';
  explore?: string;
  plackettLuce?: string;
  logDir?: string;
  json?: boolean;
}

/** The logging policy from `--explore` / `--plackett-luce` (at most one). */
function exploration(flags: SimulateFlags): FeedbackLoopOptionsInput['exploration'] {
  if (flags.explore !== undefined && flags.plackettLuce !== undefined) throw new ConfigError('give at most one of --explore and --plackett-luce', 'explore');
  if (flags.explore !== undefined) return { kind: 'epsilon', epsilon: fractionFlag('explore', flags.explore) };
  if (flags.plackettLuce !== undefined) {
    const temperature = nonNegativeFlag('plackett-luce', flags.plackettLuce);
    if (!(temperature > 0)) throw new ConfigError(`--plackett-luce: expected a positive temperature, got ${JSON.stringify(flags.plackettLuce)}`, 'plackett-luce');
    return { kind: 'plackett-luce', temperature };
  }
  return { kind: 'none' };
}

/** A file-name-safe slug of a run label. */
function slug(label: string): string {
  return label.replace(/[^A-Za-z0-9._=-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
}

/** The loop settings from the flags, each checked by the shared flag parsers (exit 2 naming the flag). */
function loopOptions(flags: SimulateFlags): FeedbackLoopOptionsInput {
  return {
    rounds: positiveIntFlag('rounds', flags.rounds),
    usersPerRound: positiveIntFlag('per-round', flags.perRound),
    n: positiveIntFlag('n', flags.n),
    refitEvery: nonNegativeIntFlag('refit-every', flags.refitEvery),
    seed: nonNegativeIntFlag('seed', flags.seed),
    clickModel: { kind: flags.clickModel },
    exploration: exploration(flags),
  };
}

/** The generator truth of a marketplace directory (its truth.json); FormatError when it is not one. */
async function readTruth(dir: string): Promise<MarketplaceTruth> {
  const path = join(dir, 'truth.json');
  const text = await readTextFile(path);
  try {
    return truthFromJSON(JSON.parse(text));
  } catch (error) {
    if (error instanceof SyntaxError) throw new FormatError(`${path}: not valid JSON: ${error.message}`);
    throw error;
  }
}

/**
 * `gfp simulate`: runs the feedback loop (slates -> clicks from the generator's true preferences ->
 * observe / refit) on a generated marketplace directory once per fairness lambda, on identical
 * seeds, and prints the per-round tables; optionally with a randomised logging policy, and writing
 * each run's log (impressions with positions and clicks) for offline evaluation.
 */
export const simulateCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    addProgressOption(program.command('simulate'))
      .description('simulate the feedback loop on a generated marketplace and compare fairness lambdas on the same seeds')
      .requiredOption('--data <dir>', 'generated marketplace directory with truth.json (gfp generate, or fixtures/marketplace)')
      .option('--lambda <list>', 'comma-separated fairness lambdas, one run each', '0,0.1,0.3')
      .option('--rounds <n>', 'rounds', '10')
      .option('--per-round <n>', 'users served per round', '50')
      .option('--n <n>', 'slate length', '10')
      .option('--refit-every <n>', 'full refit every this many rounds (0 = fold-in only)', '5')
      .option('--seed <n>', 'base seed of user samples and clicks', '1')
      .option('--config <file>', 'recommender config JSON (each run sets its own fairness lambda on it)')
      .addOption(new Option('--click-model <kind>', 'click model').choices(['position', 'cascade']).default('position'))
      .option('--explore <epsilon>', 'log with epsilon exploration: each slot shows a uniformly drawn product with this probability (surface "explore")')
      .option('--plackett-luce <temperature>', 'log with Plackett-Luce sampling of each slate from the top 3n by exp(score / temperature)')
      .option('--log-dir <dir>', 'write each run\'s simulated log (impressions with positions, and clicks) as events-<run>.csv here')
      .option('--json', 'print JSON (per-round records and summaries) instead of tables')
      .action(async (flags: SimulateFlags) => {
        // Settings and truth first: bad input fails before the data is read.
        const options = parseFeedbackLoopOptions(loopOptions(flags));
        const lambdas = numberListFlag('lambda', flags.lambda, nonNegativeFlag);
        if (flags.logDir !== undefined) await makeOutputDir(flags.logDir, 'log-dir');
        const truth = await readTruth(flags.data);
        const base = await readRecommenderConfig(flags.config);
        const progress = progressFromFlags(flags, io);
        const variants = lambdaVariants(lambdas, base);
        const results = [];
        try {
          const loaded = await loadMarketplace(flags.data, {
            ...(progress.active ? { onProgress: (p: { source: string; rows: number }) => progress.update(`load ${basename(p.source)}`, p.rows) } : {}),
          });
          // The runs of compareFeedbackLoops, one at a time so that each shows on the progress line.
          for (const [i, variant] of variants.entries()) {
            progress.update(`simulate ${variant.label} (${options.rounds} rounds)`, i, variants.length);
            results.push(simulateFeedbackLoop({ marketplace: { ...loaded.data, truth }, ...options, recommender: variant.recommender, label: variant.label }));
          }
        } finally {
          progress.stop();
        }
        if (flags.logDir !== undefined) {
          for (const r of results) await writeFile(join(flags.logDir, `events-${slug(r.label)}.csv`), eventsCsv([...r.impressions, ...r.clicks].sort((a, b) => a.timestamp - b.timestamp)), 'utf8');
        }
        if (flags.json === true) {
          io.out(JSON.stringify(results.map(({ label, lambda, options, rounds, summary }) => ({ label, lambda, options, rounds, summary })), null, 2));
        } else {
          io.out(feedbackLoopTables(results));
        }
      });
  },
};
