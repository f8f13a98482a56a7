import type { ExposureLedger } from '../../fairness/exposure-ledger.js';
import type { RerankResult } from '../../fairness/rerank.js';
import type { BlendResult } from './blend.js';
import type { RequestSlots } from './score.js';

/**
 * The merit the ledger records for a request's candidates: the blend without the signal types in
 * `exclude` (fairness.meritExclude, popularity by default: past exposure turned into a score),
 * weights renormalised; the plain blend when none of those counts here, or when only they had
 * an opinion (a cold-start user: the model sees nothing else).
 */
export function meritOf(blend: BlendResult, slots: RequestSlots, exclude: ReadonlySet<string>): Float32Array {
  const { signals, weights } = slots;
  const counts = signals.some((sig, s) => exclude.has(sig.type) && weights[s]! > 0 && blend.opinion[s] === 1);
  if (!counts) return blend.blended;
  return blend.subset((s) => !exclude.has(signals[s]!.type)) ?? blend.blended;
}

/**
 * Records a served slate into the ledger at `now`: exposure of each shown item by its rank, merit
 * of every candidate (shown or not).
 */
export function recordSlate(
  ledger: ExposureLedger,
  slate: RerankResult,
  merchantOf: Int32Array,
  merchantIds: readonly string[],
  merit: Float32Array,
  now: number,
): void {
  const slateMerchants = Int32Array.from(slate.order, (c) => merchantOf[c]!);
  ledger.record({ merchantIds, slateMerchants, candidateMerchants: merchantOf, candidateRelevance: merit }, now);
}
