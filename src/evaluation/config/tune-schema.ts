import { z } from 'zod';
import { NORMALISATIONS, TIE_RULES } from '../../engine/normalise.js';
import { SplitterConfigSchema } from './split-schema.js';

/** A grid of non-negative numbers (at most `max`); an empty grid leaves the knob as configured. */
const grid = (max?: number) => z.array(max === undefined ? z.number().min(0) : z.number().min(0).max(max));

/** A half-life the tuner may try: days, null (no decay), "auto" or "auto*F". */
const HalfLifeOptionSchema = z.union([
  z.number().positive().max(1_000_000),
  z.null(),
  z.literal('auto'),
  z
    .string()
    .regex(/^auto\*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/, { error: 'expected "auto" or "auto*F" (F > 0), e.g. "auto*2"' })
    .refine((s) => Number(s.slice('auto*'.length)) > 0 && Number(s.slice('auto*'.length)) < Infinity, { error: 'expected "auto*F" with F > 0 and finite' }),
]);

/** The `tune` section of an evaluation config: what `gfp tune` tunes, on which validation split. */
export const TuneConfigSchema = z
  .object({
    model: z.string().min(1).optional().describe('Run name of the model whose blend is tuned. @default the first model'),
    validation: SplitterConfigSchema.optional().describe(
      'Validation split cut from the training part (the test part is never seen by the tuning). @default mirrors `split`: the same temporal quantile, leave-last-n or random holdout; for a files split temporal 0.8 when the events have times, else a random 20% holdout',
    ),
    k: z.number().int().min(1).max(10_000).optional().describe('NDCG cut-off tuned for. @default the config\'s k'),
    signals: z.array(z.string().min(1)).min(1).optional().describe('Signal instance names (type, or `name`) whose weights are tuned. @default every signal of the model'),
    weights: grid().optional().describe('Values tried for each signal weight ([] leaves them as configured). @default [0, 0.1, 0.25, 0.5, 1, 2, 4]'),
    priorWeights: grid(100).optional().describe('Values tried for blend.prior.weight. @default [0, 0.25, 0.5, 1, 2, 4]'),
    boostWeights: grid(100).optional().describe('Values tried for boost.weight. @default [0, 0.5, 1, 1.5, 3]'),
    ties: z.array(z.enum(TIE_RULES)).optional().describe('Tie rules tried (the percentile and log-rank normalisations). @default both'),
    normalisations: z.array(z.enum(NORMALISATIONS)).optional().describe('Normalisations tried. @default ["percentile-log", "percentile", "log-rank", "min-max", "z-score"]'),
    halfLives: z.array(HalfLifeOptionSchema).optional().describe('Half-lives tried (each one a fit): days, null, "auto", "auto*F". @default ["auto", "auto*0.5", "auto*2", null]'),
    recentPopularity: z.boolean().optional().describe('Also weigh a recent popularity (halfLifeDays "auto", named <name>-recent) beside each tuned popularity; kept only when its weight ends above 0. @default true'),
    maxRounds: z.number().int().min(0).max(100).optional().describe('Coordinate-ascent rounds at most. @default 4'),
    minUsers: z.number().int().min(2).optional().describe('Fewer validation users than this stops the tuning. @default 20'),
    minGainStandardErrors: z.number().min(0).max(100).optional().describe('A change is kept only when its mean NDCG gain exceeds this many standard errors of the per-user gains. @default 2'),
  })
  .strict();

/** The `tune` section as parsed. */
export type TuneConfig = z.output<typeof TuneConfigSchema>;
