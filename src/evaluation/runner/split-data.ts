import type { Event } from '../../schema/entities.js';
import { splitInfo } from '../report/build.js';
import type { JsonValue, SplitInfo } from '../report/types.js';
import { leaveLastNSplit } from '../split/leave-last-n.js';
import { randomHoldoutSplit } from '../split/random-holdout.js';
import { temporalSplit } from '../split/temporal.js';
import type { FixedSplit, SplitSpec } from './types.js';

/** Internal: the folds of an evaluation, the split's report for the JSON and the splitter's warnings. */
export interface _Folds {
  readonly train: readonly Event[];
  readonly test: readonly Event[];
  readonly info: SplitInfo;
  readonly warnings: readonly string[];
}

function isFixed(split: SplitSpec | FixedSplit): split is FixedSplit {
  return 'train' in split && 'test' in split && Array.isArray(split.train);
}

function countUsers(events: readonly Event[]): number {
  const users = new Set<string>();
  for (const e of events) users.add(e.userId);
  return users.size;
}

/** Params of a splitter spec: its plain options (numbers, strings, booleans), for the report. */
function specParams(spec: SplitSpec): { [key: string]: JsonValue } {
  const params: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'strategy') continue;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') params[key] = value;
  }
  return params;
}

/** Internal: splits `events` by the spec (or takes the fixed folds) and describes the split. */
export function _splitEvents(events: readonly Event[], split: SplitSpec | FixedSplit): _Folds {
  if (isFixed(split)) {
    return {
      train: split.train,
      test: split.test,
      warnings: [],
      info: {
        strategy: split.strategy,
        trainEvents: split.train.length,
        testEvents: split.test.length,
        trainUsers: countUsers(split.train),
        testUsers: countUsers(split.test),
        ...(split.params === undefined ? {} : { params: split.params }),
      },
    };
  }
  const { strategy: _strategy, ...options } = split;
  const result =
    split.strategy === 'temporal'
      ? temporalSplit(events, options)
      : split.strategy === 'leave-last-n'
        ? leaveLastNSplit(events, options)
        : randomHoldoutSplit(events, options);
  return { train: result.train, test: result.test, warnings: result.warnings, info: splitInfo(result.report, specParams(split)) };
}
