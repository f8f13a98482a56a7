import { DEFAULT_TYPE_WEIGHTS } from '../../dataset/event-weighting.js';
import type { Event } from '../../schema/entities.js';

/**
 * Internal: whether an event expresses interest: its own weight when given, else its type's
 * default weight (impressions carry none), and a custom type without a weight counts.
 */
export function _isPositive(e: Event): boolean {
  return (e.weight ?? DEFAULT_TYPE_WEIGHTS.get(e.type) ?? 1) > 0;
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
): Map<string, Set<string>> {
  const typeSet = types === undefined ? undefined : new Set(types);
  const seen = new Map<string, Set<string>>();
  for (const e of train) {
    if (!_isPositive(e)) continue;
    let s = seen.get(e.userId);
    if (s === undefined) seen.set(e.userId, (s = new Set()));
    s.add(e.productId);
  }
  const out = new Map<string, Set<string>>();
  for (const e of test) {
    if (!(typeSet === undefined ? _isPositive(e) : typeSet.has(e.type))) continue;
    if (!catalogue.has(e.productId) || seen.get(e.userId)?.has(e.productId) === true) continue;
    let s = out.get(e.userId);
    if (s === undefined) out.set(e.userId, (s = new Set()));
    s.add(e.productId);
  }
  return out;
}
