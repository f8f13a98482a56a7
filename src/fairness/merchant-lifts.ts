/**
 * Per-merchant fairness lifts (docs/design.md, "Exposure fairness"): how far each merchant of a
 * request is below its fair exposure, from the ledger's snapshot, as a lift in [0, lambda].
 */
import type { RerankInput } from './rerank.js';
import { snapshotIndex, type LedgerSnapshot } from './ledger-snapshot.js';
import type { RerankConfig } from './rerank-config.js';
import { TIER_SMALL } from './tier-codes.js';

/** Relative shortfalls below this are rounding, not under-exposure: no lift. */
const SHORTFALL_EPS = 1e-9;

/** lambda x the relative shortfall of `value` below `reference`, in [0, lambda]; 0 for any non-finite input. */
function shortfallLift(lambda: number, reference: number, value: number): number {
  if (!(reference > 0 && reference < Infinity)) return 0;
  const gap = (reference - value) / reference;
  // NaN (a non-finite value) fails this test too: no lift rather than a NaN score.
  if (!(gap > SHORTFALL_EPS)) return 0;
  return lambda * (gap > 1 ? 1 : gap);
}

/**
 * Per-merchant lift (written into `lift`) for the merchants flagged in `present`.
 * `tier-floor` compares the small tier's share of the ledger's exposure with the floor: over the
 * whole ledger from a full snapshot (O(M)), over the present merchants from a partial one.
 * Under `merit` each merit is M + meritPrior * (total merit / ledger merchants), the reference
 * included. Cases: a cold ledger (total exposure 0) gives no lift; under `merit`, a merchant whose
 * merit (prior included) is 0 has no D and gets no lift, one with merit > 0 and no exposure
 * (with a prior: also one the ledger has not seen) has D = 0, the largest lift; a reference of 0
 * (e.g. max D = 0) gives no lift.
 */
export function merchantLifts(
  input: RerankInput,
  snapshot: LedgerSnapshot,
  config: RerankConfig,
  present: Uint8Array,
  lift: Float64Array,
): void {
  const { merchantIds } = input;
  const count = merchantIds.length;
  const lambda = config.lambda;
  const totals = snapshot.totals;
  if (lambda === 0 || !(totals.exposure > 0)) return;
  const index = snapshotIndex(snapshot);
  const entries = snapshot.entries;
  const exposure = new Float64Array(count);
  const merit = new Float64Array(count);
  for (let m = 0; m < count; m++) {
    if (present[m] === 0) continue;
    const at = index.get(merchantIds[m]!);
    if (at === undefined) continue;
    const e = entries[at]!;
    exposure[m] = e.exposure;
    merit[m] = e.merit;
  }
  if (config.policy === 'tier-floor') {
    const tierOf = input.tierOf!;
    let all = 0;
    let small = 0;
    if (snapshot.partial) {
      // Only the listed merchants are known: the share among the request's merchants.
      for (let m = 0; m < count; m++) {
        if (present[m] === 0) continue;
        all += exposure[m]!;
        if (tierOf[m] === TIER_SMALL) small += exposure[m]!;
      }
    } else {
      // The small tier's share of all exposure in the ledger (merchants outside merchantIds are
      // not small), whichever merchants this request has.
      all = totals.exposure;
      for (let m = 0; m < count; m++) {
        if (tierOf[m] !== TIER_SMALL) continue;
        const at = index.get(merchantIds[m]!);
        if (at !== undefined) small += entries[at]!.exposure;
      }
    }
    if (!(all > 0)) return;
    const l = shortfallLift(lambda, config.smallShare, small / all);
    for (let m = 0; m < count; m++) if (present[m] !== 0 && tierOf[m] === TIER_SMALL) lift[m] = l;
    return;
  }
  const byMerit = config.policy === 'merit';
  // Merit prior: every merchant's merit plus meritPrior x the mean merit per ledger merchant.
  const prior = byMerit && totals.merchants > 0 ? (config.meritPrior * totals.merit) / totals.merchants : 0;
  if (prior > 0) for (let m = 0; m < count; m++) if (present[m] !== 0) merit[m] = merit[m]! + prior;
  let reference: number;
  if (config.reference === 'mean') {
    reference = byMerit
      ? totals.merit > 0
        ? totals.exposure / (totals.merit + prior * totals.merchants)
        : 0
      : totals.merchants > 0
        ? totals.exposure / totals.merchants
        : 0;
  } else {
    reference = 0;
    for (let m = 0; m < count; m++) {
      if (present[m] === 0 || (byMerit && !(merit[m]! > 0))) continue;
      const d = byMerit ? exposure[m]! / merit[m]! : exposure[m]!;
      if (d > reference) reference = d;
    }
  }
  if (!(reference > 0)) return;
  for (let m = 0; m < count; m++) {
    if (present[m] === 0 || (byMerit && !(merit[m]! > 0))) continue;
    lift[m] = shortfallLift(lambda, reference, byMerit ? exposure[m]! / merit[m]! : exposure[m]!);
  }
}
