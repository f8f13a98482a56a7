import { ConfigError } from '../../errors.js';
import type { Event } from '../../schema/entities.js';
import { _finalise, _groupByUser } from './_finalise.js';
import { _compareEvents } from './_order.js';
import type { SplitCheckOptions, SplitResult } from './types.js';

/** Options of {@link leaveLastNSplit}. */
export interface LeaveLastNOptions extends SplitCheckOptions {
  /** Events per user held out (the user's latest). @default 1 */
  readonly n?: number;
  /** Users with at most `n` events stay wholly in train instead of leaving no training data. @default false */
  readonly keepShortUsersInTrain?: boolean;
}

/**
 * Leave-last-n: each user's `n` latest events (ties by event content) go to test, the rest to
 * train. Warns about its known leakage: the test events of one user can precede the training
 * events of others (the split is not a global time cut). Deterministic; does not mutate its input.
 * @example leaveLastNSplit(events, { n: 1 }).test // each user's latest event
 */
export function leaveLastNSplit(events: readonly Event[], options: LeaveLastNOptions = {}): SplitResult {
  const n = options.n ?? 1;
  if (!(Number.isInteger(n) && n >= 1)) throw new ConfigError(`leave-last-n needs a positive integer n, got ${n}`, 'n');
  const isTest = new Uint8Array(events.length);
  for (const indices of _groupByUser(events).values()) {
    if (options.keepShortUsersInTrain === true && indices.length <= n) continue;
    indices.sort((a, b) => _compareEvents(events[a]!, events[b]!) || a - b);
    for (let j = Math.max(0, indices.length - n); j < indices.length; j++) isTest[indices[j]!] = 1;
  }
  const train: Event[] = [];
  const test: Event[] = [];
  let latestTrain = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (isTest[i] === 1) test.push(e);
    else {
      train.push(e);
      if (e.timestamp > latestTrain) latestTrain = e.timestamp;
    }
  }
  const warnings: string[] = [];
  let leaking = 0;
  for (const e of test) if (e.timestamp < latestTrain) leaking++;
  if (leaking > 0) {
    warnings.push(
      `leave-last-n: ${leaking} of ${test.length} test events are earlier than the latest training event (of other users): the split leaks future interactions across users; use a temporal split to avoid it`,
    );
  }
  return _finalise('leave-last-n', events.length, train, test, options, warnings);
}
