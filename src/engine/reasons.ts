/** Inputs of {@link itemReasons}: one item's per-signal scores (aligned with `names`). */
export interface ReasonInput {
  /** Each signal's reason text (`Signal.reason`). */
  readonly reasons: readonly string[];
  readonly weights: readonly number[];
  readonly normalised: readonly number[];
  readonly raw: readonly (number | null)[];
  /** The boost's reason, when the item was boosted. */
  readonly boost?: string;
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
 * the item's blend (at most three, each reason once), after the boost's reason when boosted, then
 * the fairness lift.
 */
export function itemReasons(input: ReasonInput): string[] {
  const parts: Array<{ reason: string; value: number }> = [];
  let total = 0;
  for (let s = 0; s < input.reasons.length; s++) {
    const raw = input.raw[s];
    if (raw === null || raw === undefined || !(raw > 0)) continue;
    const value = input.weights[s]! * input.normalised[s]!;
    if (value > 0) {
      parts.push({ reason: input.reasons[s]!, value });
      total += value;
    }
  }
  parts.sort((a, b) => b.value - a.value);
  const reasons = [...new Set(parts.filter((p) => p.value >= 0.25 * total).map((p) => p.reason))].slice(0, 3);
  if (input.boost !== undefined && !reasons.includes(input.boost)) reasons.unshift(input.boost);
  if (input.coldStart) reasons.push('new here: popular and trending picks');
  if (input.placedByFairness) reasons.push(`lifted by fairness: merchant ${input.merchantId} below its exposure share`);
  return reasons;
}
