/**
 * Options of the exposure ledger (docs/design.md 5.2): half-life, memory bounds, exposure model.
 */
import * as z from 'zod/mini';
import { DAY_MS } from '../dataset/event-weighting.js';
import { ExposureModelSchema } from './exposure-model.js';
import { parseConfig } from '../_internal/parse-config.js';

/** Options of {@link ExposureLedger}. */
export const LedgerOptionsSchema = z.strictObject({
  /** Half-life of exposure and merit, ms. @default 1 day */
  halfLifeMs: z._default(z.number().check(z.positive()), DAY_MS),
  /** Entries whose decayed E + M falls below this are dropped by the sweep. @default 1e-6 */
  minMass: z._default(z.number().check(z.minimum(0)), 1e-6),
  /** Hard cap on merchants held; beyond it the smallest (by decayed E + M) are dropped. @default 100000 */
  maxEntries: z._default(z.number().check(z.int(), z.positive()), 100_000),
  /** A sweep runs after max(sweepInterval, size after the last sweep) merchant updates (amortised O(1)). @default 4096 */
  sweepInterval: z._default(z.number().check(z.int(), z.positive()), 4096),
  /** Exposure of a shown item by its rank. @default { kind: 'log' } */
  exposure: z._default(ExposureModelSchema, { kind: 'log' }),
});

/** Ledger options as a caller writes them. */
export type LedgerOptionsInput = z.input<typeof LedgerOptionsSchema>;
/** Parsed ledger options. */
export type LedgerOptions = z.output<typeof LedgerOptionsSchema>;

/** Parses ledger options; a ConfigError names the bad key. */
export function parseLedgerOptions(options: LedgerOptionsInput): LedgerOptions {
  return parseConfig('ledger', LedgerOptionsSchema, options);
}
