/**
 * The validation split of the blend tuner: cut from the caller's training data with one of the
 * splitters, with the evaluation runner's relevance and exclusion rules, and topic heat cut at
 * the end of the validation's training part (nothing after it is known when fitting).
 */
import { DataError } from '../../errors.js';
import type { Event } from '../../schema/entities.js';
import type { MarketplaceData } from '../../schema/marketplace-data.js';
import { _relevantSets, _trainingItems } from '../runner/relevance.js';
import { _splitEvents } from '../runner/split-data.js';
import type { SplitSpec } from '../runner/types.js';

/** The validation split the tuner cuts by default: temporal, the last 20% of the events' time. */
export const DEFAULT_VALIDATION: SplitSpec = { strategy: 'temporal', quantile: 0.8 };

/** The folds the tuner fits and scores on. */
export interface ValidationFolds {
  /** The caller's catalogue and topics with the validation's training events (heat cut at `now`). */
  readonly train: MarketplaceData;
  /** User id -> relevant product ids (positive validation events not among the user's training items). */
  readonly relevant: ReadonlyMap<string, ReadonlySet<string>>;
  /** User id -> training items (what a ranking excludes, as in the evaluation runner). */
  readonly seen: ReadonlyMap<string, ReadonlySet<string>>;
  /** The end of the validation's training part (its latest event), epoch ms. */
  readonly now: number;
  /** Events in the two parts. */
  readonly trainEvents: number;
  readonly testEvents: number;
  /** Whether the caller's events span any time (a decay half-life means something). */
  readonly timed: boolean;
}

/** The validation split has too few users to tune on. */
export class TuneSplitTooSmallError extends DataError {
  /** Users the validation split gave (with relevant items the fit could score) and the least asked for. */
  readonly users: number;
  readonly minUsers: number;
  /** `untimed`: a temporal split of events that all share one time; `users`: too few users. */
  readonly reason: 'untimed' | 'users';

  constructor(message: string, users: number, minUsers: number, reason: 'untimed' | 'users' = 'users') {
    super(message);
    this.users = users;
    this.minUsers = minUsers;
    this.reason = reason;
  }
}
Object.defineProperty(TuneSplitTooSmallError.prototype, 'name', { value: 'TuneSplitTooSmallError', writable: true, configurable: true });

/** Whether `events` span any time (not all at one instant): a temporal split or a decay means something. */
export function spansTime(events: readonly Event[]): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const e of events) {
    if (e.timestamp < min) min = e.timestamp;
    if (e.timestamp > max) max = e.timestamp;
  }
  return max > min;
}

/** A readable description of a splitter spec, e.g. `temporal (quantile 0.8)`. */
export function describeSplit(spec: SplitSpec): string {
  const params = Object.entries(spec).filter(([key, v]) => key !== 'strategy' && v !== undefined);
  return params.length === 0 ? spec.strategy : `${spec.strategy} (${params.map(([key, v]) => `${key} ${String(v)}`).join(', ')})`;
}

/**
 * Cuts the validation split from `data` (the caller's training data) by `spec`.
 * @throws TuneSplitTooSmallError when fewer than `minUsers` users have relevant validation items,
 *   with the reason when it is plain (a temporal split of events that all share one time).
 */
export function validationFolds(data: MarketplaceData, spec: SplitSpec, minUsers: number, relevantTypes?: readonly string[]): ValidationFolds {
  const timed = spansTime(data.events);
  if (spec.strategy === 'temporal' && !timed) {
    throw new TuneSplitTooSmallError(
      `validation: a temporal validation split needs event times, and the ${data.events.length} training events all share one time ` +
        '(e.g. a files split): nothing can be held out; use a random-holdout or leave-last-n validation split',
      0,
      minUsers,
      'untimed',
    );
  }
  const split = data.events.length === 0 ? { train: [], test: [] } : _splitEvents(data.events, spec);
  const catalogue = new Set(data.products.map((p) => p.id));
  const seen = _trainingItems(split.train);
  const relevant = _relevantSets(split.train, split.test, catalogue, relevantTypes, seen);
  tooSmall(relevant.size, minUsers, spec, 'have relevant validation items');
  let now = -Infinity;
  for (const e of split.train) if (e.timestamp > now) now = e.timestamp;
  if (!Number.isFinite(now)) now = 0;
  const topics = data.topics.map((t) => ({ ...t, heat: t.heat.filter((h) => h.timestamp <= now) }));
  return { train: { ...data, events: [...split.train], topics }, relevant, seen, now, trainEvents: split.train.length, testEvents: split.test.length, timed };
}

/**
 * Throws {@link TuneSplitTooSmallError} when `users` < `minUsers`; `what` says which users were counted.
 */
export function tooSmall(users: number, minUsers: number, spec: SplitSpec, what: string): void {
  if (users >= minUsers) return;
  throw new TuneSplitTooSmallError(
    `validation: the validation split ${describeSplit(spec)} leaves ${users} user${users === 1 ? '' : 's'} who ${what}, fewer than ` +
      `minUsers ${minUsers}: too small to tune on (hold out more with another validation split, or use more data)`,
    users,
    minUsers,
  );
}
