import { z } from 'zod';
import { parseConfig } from '../../_internal/parse-config.js';
import { ExposureModelSchema } from '../../fairness/exposure-model.js';

/**
 * How a simulated user clicks a slate (docs/design.md 7).
 * - `position` (default): each rank is examined with probability `v(rank)` of the exposure model
 *   (default `1 / log2(rank + 1)`) and clicked when examined with probability equal to the user's
 *   true relevance: `P(click at rank) = v(rank) * relevance`, independently per rank.
 * - `cascade`: the user reads from the top and clicks rank r with probability `relevance`, stops
 *   after the first click, and otherwise goes on to the next rank with probability `patience`.
 */
export const ClickModelSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('position'),
      /** Examination probability per rank. @default { kind: 'log' } */
      exposure: z._default(ExposureModelSchema, { kind: 'log' }),
    })
    .strict(),
  z
    .object({
      kind: z.literal('cascade'),
      /** Probability of reading on after a rank that was not clicked, in [0, 1]. @default 1 */
      patience: z.number().min(0).max(1).default(1),
    })
    .strict(),
]);

/** A parsed click model. */
export type ClickModel = z.output<typeof ClickModelSchema>;
/** A click model as a caller writes it. */
export type ClickModelInput = z.input<typeof ClickModelSchema>;

/**
 * How the logging policy turns the recommender's ranking into the shown slate (randomised logging
 * gives offline evaluation support on products the recommender would not show).
 * - `none` (default): the recommender's slate as ranked.
 * - `epsilon`: each slot, with probability `epsilon`, shows a product drawn uniformly from the
 *   in-stock catalogue instead; those impressions are logged on `surface` (result randomisation).
 * - `plackett-luce`: the slate is drawn without replacement from the recommender's top `pool`
 *   items with probability proportional to `exp(score / temperature)`.
 * Draws are seeded per round and user. The exposure ledger records the recommender's own slate.
 */
export const ExplorationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('epsilon'),
      /** Probability that a slot is randomised, in (0, 1). */
      epsilon: z.number().gt(0).lt(1),
      /** Surface of randomised impressions. @default 'explore' */
      surface: z.string().min(1).max(200).default('explore'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('plackett-luce'),
      /** Softmax temperature on the recommender's normalised scores, > 0. */
      temperature: z.number().positive().finite(),
      /** Items the slate is drawn from. @default 3 x the slate length */
      pool: z.number().int().min(1).max(10_000).optional(),
    })
    .strict(),
]);

/** A parsed exploration setting. */
export type Exploration = z.output<typeof ExplorationSchema>;

/** Settings of a feedback-loop run; every key has a default. */
export const FeedbackLoopOptionsSchema = z
  .object({
    /** Base seed: user samples and clicks derive from it (per round and per user). @default 1 */
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    /** Number of rounds. @default 10 */
    rounds: z.number().int().min(1).max(10_000).default(10),
    /** Users sampled (without replacement) each round; all users when larger. @default 50 */
    usersPerRound: z.number().int().min(1).default(50),
    /** Slate length. @default 10 */
    n: z.number().int().min(1).max(1000).default(10),
    /** Full refit on every event so far after every this many rounds; 0 = fold-in only. @default 5 */
    refitEvery: z.number().int().min(0).default(5),
    /** Simulated time between rounds, in minutes (decay and ledger half-lives see it). @default 60 */
    roundMinutes: z.number().positive().finite().default(60),
    /** Time of round 1, epoch ms. @default one round after the marketplace's last event */
    start: z.number().int().min(0).optional(),
    /** Click model. @default { kind: 'position', exposure: { kind: 'log' } } */
    clickModel: ClickModelSchema.default({ kind: 'position', exposure: { kind: 'log' } }),
    /** Event type of a simulated click (its weight comes from the recommender's weighting). @default 'click' */
    clickType: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/).default('click'),
    /** Randomised logging policy. @default { kind: 'none' } */
    exploration: ExplorationSchema.default({ kind: 'none' }),
  })
  .strict();

/** Feedback-loop settings as a caller writes them. */
export type FeedbackLoopOptionsInput = z.input<typeof FeedbackLoopOptionsSchema>;
/** Feedback-loop settings with every default filled in. */
export type FeedbackLoopOptions = z.output<typeof FeedbackLoopOptionsSchema>;

/**
 * Parses feedback-loop settings; ConfigError names the key, the expected and the received value.
 *
 * @example parseFeedbackLoopOptions({ rounds: 3 }).usersPerRound // 50
 */
export function parseFeedbackLoopOptions(input: FeedbackLoopOptionsInput = {}): FeedbackLoopOptions {
  return parseConfig('feedback loop', FeedbackLoopOptionsSchema, input);
}
