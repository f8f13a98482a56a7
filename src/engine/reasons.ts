/** Reason text per signal name, for slates shown to people. */
const SIGNAL_REASONS: ReadonlyMap<string, string> = new Map([
  ['ials', 'people with similar taste chose it'],
  ['item-knn', 'similar to products you interacted with'],
  ['ease', 'often chosen with products you interacted with'],
  ['popularity', 'popular right now'],
  ['content', 'matches the products you liked'],
  ['trending', 'trending now'],
]);

/** Inputs of {@link itemReasons}: one item's per-signal scores (aligned with `names`). */
export interface ReasonInput {
  readonly names: readonly string[];
  readonly weights: readonly number[];
  readonly normalised: readonly number[];
  readonly raw: readonly (number | null)[];
  readonly lift: number;
  /** True when the lift (or a guard) changed the item's placement. */
  readonly placedByFairness: boolean;
  readonly merchantId: string;
  readonly coldStart: boolean;
}

/**
 * Short reasons for one item, strongest first: the signals with positive evidence (a raw score
 * above 0: a product that does not trend is not "trending now", however a rank-based
 * normalisation places its tie) whose weighted, normalised score makes up at least a quarter of
 * the item's blend (at most three), then the fairness lift.
 */
export function itemReasons(input: ReasonInput): string[] {
  const parts: Array<{ name: string; value: number }> = [];
  let total = 0;
  for (let s = 0; s < input.names.length; s++) {
    const raw = input.raw[s];
    if (raw === null || raw === undefined || !(raw > 0)) continue;
    const value = input.weights[s]! * input.normalised[s]!;
    if (value > 0) {
      parts.push({ name: input.names[s]!, value });
      total += value;
    }
  }
  parts.sort((a, b) => b.value - a.value);
  const reasons = parts
    .filter((p) => p.value >= 0.25 * total)
    .slice(0, 3)
    .map((p) => SIGNAL_REASONS.get(p.name) ?? `scored by ${p.name}`);
  if (input.coldStart) reasons.push('new here: popular and trending picks');
  if (input.placedByFairness) reasons.push(`lifted by fairness: merchant ${input.merchantId} below its exposure share`);
  return reasons;
}
