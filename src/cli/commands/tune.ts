import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import type { EvalConfig } from '../../evaluation/config/schema.js';
import { configModels } from '../../evaluation/config/to-options.js';
import { renderConsoleTable, renderMarkdown } from '../../evaluation/report/render.js';
import type { SplitSpec } from '../../evaluation/runner/types.js';
import { renderTunedComparisons, renderTuneSummary, tuneReportJson } from '../../evaluation/tune/render.js';
import { tuneAndEvaluate, type TuneEvaluation, type TuneSettings } from '../../evaluation/tune/tune-evaluate.js';
import { TuneSplitTooSmallError } from '../../evaluation/tune/validation.js';
import type { HalfLifeOption } from '../../evaluation/tune/half-life.js';
import { loadEvalOptions, readEvalConfigFile, warningsTo, withUnknownProducts } from '../eval-input.js';
import type { CliIo } from '../io.js';
import { addProgressOption, progressFromFlags, unknownProductsOverrideOption, type ProgressFlags, type UnknownProductsFlags } from '../load-data.js';
import { checkOutputPaths } from '../output-paths.js';
import type { CliCommand } from '../program.js';

interface TuneFlags extends ProgressFlags, UnknownProductsFlags {
  out?: string;
  report?: string;
  markdown?: string;
  quiet?: boolean;
}

/** Keys zod left undefined dropped. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The tuner's settings from a config's `tune` section (a random-holdout validation split takes the config's seed). */
export function tuneSettings(config: EvalConfig): TuneSettings {
  const t = config.tune ?? {};
  const validation = t.validation === undefined ? undefined : (defined(t.validation) as SplitSpec);
  const grids = defined({ weights: t.weights, priorWeights: t.priorWeights, boostWeights: t.boostWeights, ties: t.ties, normalisations: t.normalisations, halfLives: t.halfLives as HalfLifeOption[] | undefined });
  return defined({
    validation: validation?.strategy === 'random-holdout' ? { ...validation, seed: validation.seed ?? config.seed } : validation,
    k: t.k,
    signals: t.signals,
    grids,
    recentPopularity: t.recentPopularity,
    maxRounds: t.maxRounds,
    minUsers: t.minUsers,
    minGainStandardErrors: t.minGainStandardErrors,
  }) as TuneSettings;
}

/** The Markdown report: the tuning, the test-split table and the comparison. */
function markdownReport(result: TuneEvaluation, model: string): string {
  return [
    `## gfp tune: ${model}\n`,
    `Tuned on the training part only:\n\n\`\`\`\n${renderTuneSummary(result.tune)}\`\`\`\n`,
    `### Held-out test split\n\n${renderMarkdown(result.report)}`,
    `### Tuned against the starting config (paired, test split)\n\n${renderTunedComparisons(result.comparisons, 'markdown')}`,
  ].join('\n');
}

/**
 * `gfp tune CONFIG.json`: tunes a model's blend weights (and tie rule, prior, boost, half-life) on
 * a validation split cut from the training part of the config's split, evaluates the model as
 * given and tuned (and the config's other models beside them) on the held-out test part, prints
 * them with 95% intervals and the paired test of tuned against given,
 * and writes the tuned recommender config (`--out`) and the reports. Bad input (a split too small
 * to tune on, an unknown signal) stops with exit 2 before anything is written.
 */
export const tuneCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    addProgressOption(
      program
        .command('tune')
        .description("learn a model's blend weights on a validation split of the training data, then judge them on the held-out test split")
        .argument('<config>', 'evaluation config (JSON; schema: schemas/eval-config.schema.json); its optional `tune` section names the model, validation split, signals and grids')
        .option('--out <file>', 'write the tuned recommender config as JSON (createRecommender loads it; add a "name" to use it as a model in an eval config)')
        .option('--report <file>', 'write the tuning and the test evaluation as JSON')
        .option('--markdown <file>', 'write the tuning and the test evaluation as Markdown')
        .option('--quiet', 'no progress and no warnings')
        .addOption(unknownProductsOverrideOption()),
    ).action(async (configFile: string, flags: TuneFlags) => {
      await checkOutputPaths([
        { flag: 'out', path: flags.out },
        { flag: 'report', path: flags.report },
        { flag: 'markdown', path: flags.markdown },
      ]);
      const file = withUnknownProducts(await readEvalConfigFile(configFile), flags.unknownProducts);
      const { config } = file;
      const quiet = flags.quiet === true;
      const warn = warningsTo(io, quiet);
      const options = await loadEvalOptions(file, warn);
      const models = configModels(config);
      const model = models.find((m) => m.name === (config.tune?.model ?? models[0]!.name))!;
      const progress = progressFromFlags(quiet ? { progress: false } : flags, io);
      let result: TuneEvaluation;
      try {
        result = tuneAndEvaluate(
          {
            evaluation: options,
            model,
            alsoEvaluate: models.filter((m) => m !== model),
            tune: tuneSettings(config),
            onTuneProgress: (p) => progress.update(`tune (half-life ${p.halfLife}, ${p.index}/${p.of}) ${p.phase}`, p.done, p.total),
            onEvalProgress: (p) => progress.update(`test: ${p.run} (${p.runIndex + 1}/${p.runs}) ${p.phase}`, p.done, p.total),
          },
          warn,
        );
      } catch (error) {
        if (!(error instanceof TuneSplitTooSmallError)) throw error;
        const given = config.tune?.validation !== undefined;
        throw new ConfigError(
          `${configFile}: tune.validation${given ? '' : ' (not set: it mirrors split)'}: ${error.message.replace(/^validation: /, '')}` +
            (error.reason === 'users' ? '; or lower tune.minUsers' : ''),
          'tune.validation',
        );
      } finally {
        progress.stop();
      }
      io.out(`tuning "${model.name}" on the training part of ${options.dataset.name} (split ${result.report.split.strategy})`);
      io.out(renderTuneSummary(result.tune));
      io.out('held-out test split:');
      io.out(renderConsoleTable(result.report));
      io.out(`\ntuned against the starting config on the test split (paired):\n${renderTunedComparisons(result.comparisons)}`);
      // Every file after the work: bad input above has written nothing.
      if (flags.out !== undefined) await writeFile(flags.out, `${JSON.stringify(result.config, null, 2)}\n`, 'utf8');
      if (flags.report !== undefined) await writeFile(flags.report, tuneReportJson(result), 'utf8');
      if (flags.markdown !== undefined) await writeFile(flags.markdown, markdownReport(result, model.name), 'utf8');
      const written = [flags.out, flags.report, flags.markdown].filter((f) => f !== undefined);
      if (written.length > 0) io.out(`wrote ${written.join(', ')}`);
    });
  },
};
