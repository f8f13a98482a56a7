/**
 * The shape check `explain()` runs on a slate it is given: the parts of a slate returned by
 * `recommend()` that the explanation reads, so a slate that went through JSON or a caller's hands
 * and lost some gives a DataError naming the part, not a TypeError from deep inside.
 */
import { DataError } from '../errors.js';
import type { Slate } from './slate.js';

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object';

/** Why `slate` cannot be explained (the first missing or mismatched part), or undefined when it can. */
function shapeProblem(slate: unknown): string | undefined {
  if (!isObject(slate)) return 'not an object';
  const { items, trace } = slate;
  if (!Array.isArray(items)) return 'items is not an array';
  if (!isObject(trace)) return 'trace is missing';
  if (!Array.isArray(trace['items']) || trace['items'].length !== items.length) return 'trace.items does not match items';
  const blend = trace['blend'];
  if (!isObject(blend) || !Array.isArray(blend['signals']) || !Array.isArray(blend['weights']) || typeof blend['evidenceWeight'] !== 'number' || !isObject(blend['prior'])) {
    return 'trace.blend is incomplete';
  }
  if (!isObject(trace['fairness']) || typeof trace['now'] !== 'number') return 'trace.fairness or trace.now is missing';
  const signals = blend['signals'].length;
  for (let i = 0; i < items.length; i++) {
    const t: unknown = trace['items'][i];
    if (!isObject(items[i]) || !isObject(t) || !Array.isArray(t['raw']) || !Array.isArray(t['normalised']) || t['raw'].length !== signals || !Array.isArray(t['sources'])) {
      return `trace.items[${i}] is incomplete`;
    }
  }
  return undefined;
}

/** Throws a DataError unless `slate` has the parts of a slate `recommend()` returned. */
export function assertExplainable(slate: unknown): asserts slate is Slate {
  const problem = shapeProblem(slate);
  if (problem !== undefined) throw new DataError(`explain: expected a slate returned by recommend() (${problem})`);
}
