import { z } from 'zod';

const checks = {
  dropUsersWithoutTrain: z.boolean().optional().describe('Remove test events of users without training events. @default false'),
  minFoldEvents: z.number().int().min(0).optional().describe('Folds smaller than this get a warning. @default 10'),
};

/** A temporal split in a config file: a cutoff time or a quantile of the event times. */
export const TemporalSplitConfigSchema = z
  .object({
    strategy: z.literal('temporal'),
    cutoff: z.union([z.number(), z.string()]).optional().describe('Cutoff time (epoch ms, epoch s or ISO 8601); exactly one of cutoff and quantile.'),
    quantile: z.number().gt(0).lt(1).optional().describe('Cutoff at this quantile of event times, in (0, 1).'),
    ...checks,
  })
  .strict()
  .refine((s) => (s.cutoff === undefined) !== (s.quantile === undefined), { error: 'temporal split needs exactly one of cutoff and quantile' });

/** Each user's latest events held out. */
export const LeaveLastNSplitConfigSchema = z
  .object({
    strategy: z.literal('leave-last-n'),
    n: z.number().int().min(1).default(1).describe('Latest events per user held out. @default 1'),
    keepShortUsersInTrain: z.boolean().optional(),
    ...checks,
  })
  .strict();

/** A seeded random share of each user's events held out. */
export const RandomHoldoutSplitConfigSchema = z
  .object({
    strategy: z.literal('random-holdout'),
    fraction: z.number().gt(0).lt(1).default(0.2).describe('Share of each user\'s events held out, in (0, 1). @default 0.2'),
    seed: z.number().int().optional().describe('@default the config\'s seed'),
    minUserEvents: z.number().int().min(1).optional().describe('Users with fewer events stay in train. @default 2'),
    ...checks,
  })
  .strict();

/** A split one of the splitters computes (temporal, leave-last-n, random-holdout): a config's `split`, or the validation split `gfp tune` cuts from the training part. */
export const SplitterConfigSchema = z.discriminatedUnion('strategy', [TemporalSplitConfigSchema, LeaveLastNSplitConfigSchema, RandomHoldoutSplitConfigSchema]);

/** A splitter spec as parsed from a config file. */
export type SplitterConfig = z.output<typeof SplitterConfigSchema>;
