import { DEFAULT_TYPE_WEIGHTS } from '../../dataset/event-weighting.js';
import type { Event } from '../../schema/entities.js';
import type { NotEvaluatedCounts } from '../report/types.js';

/**
 * Internal: whether an event expresses interest: its own weight when given, else its type's
 * default weight (impressions carry none), and a custom type without a weight counts.
 */
export function _isPositive(e: Event): boolean {
  return (e.weight ?? DEFAULT_TYPE_WEIGHTS.get(e.type) ?? 1) > 0;
}

/** Whether a test event can make its product relevant: positive, or of one of `types` when given. */
function relevanceTest(types?: readonly string[]): (e: Event) => boolean {
  if (types === undefined) return _isPositive;
  const typeSet = new Set(types);
  return (e) => typeSet.has(e.type);
}

/**
 * Internal: each user's training items under the protocol: products with a positive training event
 * (see {@link _isPositive}). The runner excludes exactly these from the user's ranking, whatever a
 * model's own event weights say, so the exclusions and the relevant sets always agree.
 */
export function _trainingItems(train: readonly Event[]): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  for (const e of train) {
    if (!_isPositive(e)) continue;
    let s = seen.get(e.userId);
    if (s === undefined) seen.set(e.userId, (s = new Set()));
    s.add(e.productId);
  }
  return seen;
}

/**
 * Internal: each test user's relevant products (binary relevance): test events that are positive
 * (or of `types` when given) on catalogue products, minus the products the user already had a
 * positive training event with (those are excluded from the rankings, so they could never be hit).
 * Users without any relevant product are left out.
 */
export function _relevantSets(
  train: readonly Event[],
  test: readonly Event[],
  catalogue: ReadonlySet<string>,
  types?: readonly string[],
  seen: ReadonlyMap<string, ReadonlySet<string>> = _trainingItems(train),
): Map<string, Set<string>> {
  const relevantEvent = relevanceTest(types);
  const out = new Map<string, Set<string>>();
  for (const e of test) {
    if (!relevantEvent(e)) continue;
    if (!catalogue.has(e.productId) || seen.get(e.userId)?.has(e.productId) === true) continue;
    let s = out.get(e.userId);
    if (s === undefined) out.set(e.userId, (s = new Set()));
    s.add(e.productId);
  }
  return out;
}

/**
 * Internal: why the test users missing from `relevant` (the output of {@link _relevantSets} on the
 * same folds) were not evaluated, one reason per user: no relevant test event; relevant events on
 * catalogue products (hence all already in training); relevant events only off the catalogue.
 */
export function _notEvaluated(
  test: readonly Event[],
  catalogue: ReadonlySet<string>,
  relevant: ReadonlyMap<string, ReadonlySet<string>>,
  types?: readonly string[],
): NotEvaluatedCounts {
  const relevantEvent = relevanceTest(types);
  // Per user left out: 0 = no relevant event, 1 = relevant events off the catalogue only, 2 = some on it.
  const state = new Map<string, number>();
  for (const e of test) {
    if (relevant.has(e.userId)) continue;
    const before = state.get(e.userId) ?? 0;
    const now = relevantEvent(e) ? (catalogue.has(e.productId) ? 2 : 1) : 0;
    state.set(e.userId, Math.max(before, now));
  }
  const counts = [0, 0, 0];
  for (const s of state.values()) counts[s]!++;
  return { noRelevantTestEvents: counts[0]!, offCatalogue: counts[1]!, onlyTrainingItems: counts[2]! };
}

/** Internal: distinct (user, product) pairs among the positive events: the cells a matrix of them stores. */
export function _positiveCells(events: readonly Event[]): number {
  const cells = new Map<string, Set<string>>();
  let n = 0;
  for (const e of events) {
    if (!_isPositive(e)) continue;
    let s = cells.get(e.userId);
    if (s === undefined) cells.set(e.userId, (s = new Set()));
    if (!s.has(e.productId)) {
      s.add(e.productId);
      n++;
    }
  }
  return n;
}
