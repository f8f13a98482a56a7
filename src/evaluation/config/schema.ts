import { z } from 'zod';
import { RecommenderConfigSchema } from '../../engine/config.js';
import { PropensityConfigSchema } from '../propensity/options.js';
import { LeaveLastNSplitConfigSchema, RandomHoldoutSplitConfigSchema, TemporalSplitConfigSchema } from './split-schema.js';
import { TuneConfigSchema } from './tune-schema.js';

/** Dataset formats a config may name (the io entry's adapters). */
export const EVAL_DATASET_FORMATS = ['marketplace', 'ml-100k', 'ml-latest-small', 'ml-1m', 'amazon-2018', 'bookcrossing'] as const;

/** Where the data comes from: a directory read by the io adapters. Paths are relative to the config file. */
export const EvalDatasetConfigSchema = z
  .object({
    path: z.string().min(1).describe('Dataset directory (marketplace CSV/JSON files, MovieLens, Amazon 2018 or Book-Crossing files).'),
    format: z.enum(EVAL_DATASET_FORMATS).optional().describe('Format; detected from the files when absent.'),
    name: z.string().min(1).optional().describe('Name shown in reports. @default the directory name'),
    weights: z.enum(['binary', 'rating']).optional().describe('Real-data adapters: event weight 1 per rating (`binary`) or the rating. @default \'binary\''),
    merchant: z.enum(['single', 'genre']).optional().describe('MovieLens adapters: one merchant, or the first genre as merchant. @default \'single\''),
    mode: z.enum(['fail', 'collect']).default('fail').describe('Bad rows: fail at the first, or load the rest and report them. @default \'fail\''),
    unknownProducts: z
      .enum(['error', 'skip'])
      .default('error')
      .describe(
        'Marketplace data: events naming a product the products file lacks are bad rows naming `events.csv:LINE` (`error`), or are left out and counted (`skip`); `gfp eval|tune|sweep --unknown-products` overrides it. @default \'error\'',
      ),
    catalogue: z
      .enum(['interacted', 'all'])
      .optional()
      .describe('Real-data adapters: keep only products with at least one loaded event (merchants as users see them), or every product record. @default \'interacted\' for amazon-2018 and bookcrossing, \'all\' for MovieLens'),
    minUserEvents: z.number().int().min(1).optional().describe('Real-data adapters: drop users with fewer loaded events than this (before the catalogue is restricted). @default no restriction'),
    merchantNormalisation: z
      .enum(['none', 'basic'])
      .optional()
      .describe('Amazon and Book-Crossing: merge brand/publisher spellings (`basic`: case, accents, punctuation, `&`/`and`, legal suffixes such as Inc, Corp, LLC, Ltd) or keep each string (`none`). @default \'basic\''),
    merchantTiers: z
      .array(z.object({ merchant: z.string().min(1), tier: z.enum(['head', 'mid', 'small']) }).strict())
      .optional()
      .describe('Amazon and Book-Crossing: caller tiers by merchant name (any spelling); two names of different tiers that normalise to one merchant are an error.'),
    reviewsFile: z.string().min(1).optional().describe('Amazon 2018: the ratings file in the directory when several could be (reviews JSON lines or an item,user,rating,timestamp CSV). @default the only one, or the 5-core file'),
    encoding: z.enum(['utf8', 'latin1']).optional().describe('Book-Crossing: text encoding of the files. @default detected (UTF-8 when valid, else latin-1)'),
  })
  .strict();

/** How to split the events: a splitter, or fixed train/test files. */
export const EvalSplitConfigSchema = z.discriminatedUnion('strategy', [
  TemporalSplitConfigSchema,
  LeaveLastNSplitConfigSchema,
  RandomHoldoutSplitConfigSchema,
  z
    .object({
      strategy: z.literal('files'),
      train: z.string().min(1).describe('Training pairs: one `user<TAB>item` (or `user,item`) per line, an optional third column = weight.'),
      test: z.string().min(1).describe('Test pairs, same layout; the test items are the relevant items.'),
      delimiter: z.enum(['tab', 'comma']).optional().describe('Column separator. @default by extension: `.csv` comma, else tab'),
      header: z.boolean().default(false).describe('Skip the first line. @default false'),
    })
    .strict(),
]);

/** One configuration to evaluate: a run name plus any recommender config key (signals, weights, fairness ...). */
export const EvalModelConfigSchema = z
  .object({
    ...RecommenderConfigSchema.shape,
    name: z.string().min(1).describe('Run name in reports (unique within the config).'),
  })
  .strict();

/** Evaluation protocol options (see `evaluate`). */
export const EvalProtocolSchema = z
  .object({
    candidates: z.enum(['full', 'engine']).default('full').describe('`full`: rank the whole catalogue minus the user\'s training items; `engine`: the model\'s candidates. @default \'full\''),
    ledger: z.enum(['sequential', 'frozen']).default('sequential').describe('`sequential`: each run\'s ledger records its lists (amortised fairness acts); `frozen`: nothing recorded. @default \'sequential\''),
    relevantTypes: z.array(z.string().min(1)).min(1).optional().describe('Event types that make a test item relevant. @default every positive-weight event'),
    keepPerUser: z.boolean().default(true).describe('Keep per-user vectors in the report (the gate\'s significance test needs them). @default true'),
    fairnessMerchants: z
      .enum(['all', 'evidence'])
      .default('all')
      .describe('Merchants the exposure-fairness metrics cover: `all`, or `evidence` (merchants with a product with training interactions). @default \'all\''),
  })
  .strict();

/** A sweep: one model key over a grid of values. */
export const EvalSweepConfigSchema = z
  .object({
    parameter: z.string().regex(/^models\.(\d+|\*)\.[^.]+(\.[^.]+)*$/, { error: 'expected models.<index or *>.<key path>, e.g. models.0.fairness.rerank.lambda' }).describe('`models.<index>.<key path>` or `models.*.<key path>`, e.g. `models.0.fairness.rerank.lambda`.'),
    values: z.array(z.union([z.number(), z.string(), z.boolean()])).min(1).describe('Grid values, in order.'),
    x: z.string().optional().describe('Chart x axis (a fairness metric label). @default the first of merchant-gini, item-gini, other aggregate metrics'),
    y: z.string().optional().describe('Chart y axis (an accuracy metric label). @default ndcg@k, else the first per-user metric'),
  })
  .strict();

/** An evaluation config file (`gfp eval CONFIG.json`, `gfp sweep CONFIG.json`). */
export const EvalConfigSchema = z
  .object({
    $schema: z.string().optional().describe('JSON Schema reference for editors (ignored).'),
    name: z.string().optional().describe('Shown in reports and file names.'),
    dataset: EvalDatasetConfigSchema.describe('The data: a directory read by the io adapters; paths are relative to this file.'),
    split: EvalSplitConfigSchema.describe('How to split the events: temporal, leave-last-n, random-holdout, or fixed train/test files.'),
    models: z.array(EvalModelConfigSchema).min(1).describe('Configurations to evaluate: a run name plus recommender config keys (signals, weighting, fairness ...).'),
    metrics: z.array(z.string().min(1)).min(1).default(['ndcg', 'recall', 'precision', 'map']).describe('Metric labels (`ndcg@10`), or bare names taken at `k`. @default ndcg, recall, precision, map'),
    k: z.number().int().min(1).max(10_000).default(10).describe('Cut-off for bare metric names. @default 10'),
    seed: z.number().int().default(42).describe('Base seed: the random holdout\'s seed unless the split gives one. @default 42'),
    protocol: EvalProtocolSchema.default({ candidates: 'full', ledger: 'sequential', keepPerUser: true, fairnessMerchants: 'all' }).describe(
      'Ranking protocol: candidates, exposure ledger, relevance, fairness population.',
    ),
    propensity: PropensityConfigSchema.optional().describe(
      'Propensity-corrected accuracy metrics (ips-, snips-, dr-ndcg ...) next to the logged ones: model impressions, popularity or given. @default none',
    ),
    sweep: EvalSweepConfigSchema.optional().describe('Grid for `gfp sweep`: one model key over values.'),
    tune: TuneConfigSchema.optional().describe('What `gfp tune` tunes: the model, the validation split cut from the training part, the signals and the grids. @default the first model, every knob'),
  })
  .strict();

/** An evaluation config as written in a file. */
export type EvalConfigInput = z.input<typeof EvalConfigSchema>;
/** An evaluation config with defaults filled in. */
export type EvalConfig = z.output<typeof EvalConfigSchema>;
/** One model entry of a config, as written. */
export type EvalModelConfigInput = z.input<typeof EvalModelConfigSchema>;
/** The sweep section of a config. */
export type EvalSweepConfig = z.output<typeof EvalSweepConfigSchema>;
