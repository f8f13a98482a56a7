import { ConfigError, DataError } from '../../errors.js';
import type { Event } from '../../schema/entities.js';
import { toEpochMs } from '../../schema/timestamp.js';
import { _finalise } from './_finalise.js';
import type { SplitCheckOptions, SplitResult } from './types.js';

/** Options of {@link temporalSplit}: exactly one of `cutoff` and `quantile`. */
export interface TemporalSplitOptions extends SplitCheckOptions {
  /** Cutoff time (epoch ms, epoch s or ISO 8601): train = events at or before it, test = after. */
  readonly cutoff?: number | string;
  /** Cutoff at this quantile of event times, in (0, 1): the time of the ceil(q * n)-th earliest event. */
  readonly quantile?: number;
}

/**
 * Global temporal split: one cutoff for everyone; train = events at or before it, test = events
 * after it. Checks that no test event is at or before the cutoff; reports users without training
 * data. Deterministic; does not mutate its input.
 * @example temporalSplit(events, { quantile: 0.8 }).report.cutoff // time of the 80% event
 */
export function temporalSplit(events: readonly Event[], options: TemporalSplitOptions): SplitResult {
  const hasCutoff = options.cutoff !== undefined;
  const hasQuantile = options.quantile !== undefined;
  if (hasCutoff === hasQuantile) throw new ConfigError('temporal split needs exactly one of cutoff and quantile', 'cutoff');
  let cutoff: number;
  if (hasCutoff) {
    const parsed = toEpochMs(options.cutoff);
    if (typeof parsed === 'string') throw new ConfigError(`temporal split cutoff ${JSON.stringify(options.cutoff)}: ${parsed}`, 'cutoff');
    cutoff = parsed;
  } else {
    const q = options.quantile!;
    if (!(q > 0 && q < 1)) throw new ConfigError(`temporal split quantile must be in (0, 1), got ${q}`, 'quantile');
    if (events.length === 0) throw new DataError('temporal split by quantile needs at least one event');
    const times = Float64Array.from(events, (e) => e.timestamp).sort();
    cutoff = times[Math.max(0, Math.ceil(q * times.length) - 1)]!;
  }
  const train: Event[] = [];
  const test: Event[] = [];
  for (const e of events) (e.timestamp <= cutoff ? train : test).push(e);
  for (const e of test) {
    if (!(e.timestamp > cutoff)) throw new DataError(`temporal split check failed: test event at ${e.timestamp} is not after the cutoff ${cutoff}`);
  }
  const warnings: string[] = [];
  if (hasQuantile && test.length === 0) warnings.push('temporal: every event is at or before the quantile cutoff (ties at the latest time)');
  return _finalise('temporal', events.length, train, test, options, warnings, cutoff);
}
