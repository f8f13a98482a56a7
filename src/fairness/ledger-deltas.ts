/**
 * What one request adds to the exposure ledger, per merchant: the input form a caller gives
 * ({@link LedgerRecord}) and the summed form the ledger and the shared stores apply ({@link LedgerDeltas}).
 */
import { DataError } from '../errors.js';
import { exposureAt, type ExposureModel } from './exposure-model.js';
import { isLedgerMass, MAX_LEDGER_MASS } from './ledger-snapshot.js';

/** Merchant references: ids, or indices into `merchantIds`. */
export type MerchantRefs = readonly string[] | Int32Array;

/**
 * One request for `ExposureLedger.record`, as parallel arrays (no object per item).
 *
 * - Shown slate: `slateMerchants[k]` is the merchant of the k-th shown item; its 1-based rank is
 *   `slateRanks[k]` (default k + 1) and it adds `slateExposure[k]` (default `v(rank)` of the
 *   ledger's exposure model; given values must be finite numbers in [0, MAX_LEDGER_MASS]) to
 *   that merchant's exposure.
 * - Candidates: `candidateMerchants[c]` and `candidateRelevance[c]` (the model's normalised
 *   blended relevance in [0, 1], clamped; NaN counts as 0) for EVERY candidate of the request,
 *   shown or not. A merchant's merit grows by the sum of its candidates' relevance. Merit never
 *   comes from clicks.
 * - When either merchant array is an Int32Array, its values index `merchantIds`.
 *
 * @example
 * ledger.record({ merchantIds: ['a', 'b'], slateMerchants: Int32Array.of(1, 0),
 *   candidateMerchants: Int32Array.of(0, 1, 1), candidateRelevance: Float32Array.of(0.9, 0.5, 0.25) }, now)
 * // b gets exposure 1 and merit 0.75, a gets exposure 1/log2(3) and merit 0.9
 */
export interface LedgerRecord {
  /** Merchant index -> id, required when a merchant array is an Int32Array. */
  readonly merchantIds?: readonly string[];
  readonly slateMerchants: MerchantRefs;
  readonly slateRanks?: ArrayLike<number>;
  readonly slateExposure?: ArrayLike<number>;
  readonly candidateMerchants: MerchantRefs;
  readonly candidateRelevance: ArrayLike<number>;
}

/**
 * Per-merchant additions as parallel arrays: `merchants[i]` gains `exposure[i]` and `merit[i]`
 * (finite, >= 0, unitless), each merchant listed once.
 */
export interface LedgerDeltas {
  readonly merchants: readonly string[];
  readonly exposure: Float64Array;
  readonly merit: Float64Array;
}

/**
 * Sums one request's exposure and merit per merchant (merchants in order of first appearance,
 * those gaining nothing left out). Cost O(slate + candidates).
 *
 * @throws DataError on mismatched lengths, a merchant index outside `merchantIds`, or a given
 *   slate exposure that is not a finite number in [0, MAX_LEDGER_MASS].
 * @example
 * recordDeltas({ slateMerchants: ['b', 'a'], candidateMerchants: ['a'], candidateRelevance: [0.5] }, { kind: 'log' })
 * // { merchants: ['b', 'a'], exposure: [1, 0.6309...], merit: [0, 0.5] }
 */
export function recordDeltas(input: LedgerRecord, model: ExposureModel): LedgerDeltas {
  const { slateMerchants, candidateMerchants, candidateRelevance } = input;
  if (candidateMerchants.length !== candidateRelevance.length) {
    throw new DataError(
      `record: candidateMerchants has ${candidateMerchants.length} entries but candidateRelevance has ${candidateRelevance.length}`,
    );
  }
  if (input.slateRanks !== undefined && input.slateRanks.length !== slateMerchants.length) {
    throw new DataError(`record: slateRanks has ${input.slateRanks.length} entries, slateMerchants ${slateMerchants.length}`);
  }
  const given = input.slateExposure;
  if (given !== undefined && given.length !== slateMerchants.length) {
    throw new DataError(`record: slateExposure has ${given.length} entries, slateMerchants ${slateMerchants.length}`);
  }
  const table = input.merchantIds;
  // Index refs sum into a typed array (the recommender's form); id refs into a Map.
  const byIndex = table === undefined ? undefined : new Float64Array(table.length * 2);
  const touched: number[] = [];
  const slotOf = new Map<string, number>();
  const sums: number[] = [];
  const add = (ref: string | number, dExposure: number, dMerit: number, what: string): void => {
    if (typeof ref === 'number') {
      if (byIndex === undefined || table === undefined) throw new DataError(`record: ${what} is an Int32Array but merchantIds is missing`);
      if (ref < 0 || ref >= table.length) {
        throw new DataError(`record: ${what} holds merchant index ${ref}, outside 0..${table.length - 1}`);
      }
      const k = ref * 2;
      if (byIndex[k] === 0 && byIndex[k + 1] === 0) touched.push(ref);
      byIndex[k]! += dExposure;
      byIndex[k + 1]! += dMerit;
      return;
    }
    let slot = slotOf.get(ref);
    if (slot === undefined) {
      slot = sums.length;
      slotOf.set(ref, slot);
      sums.push(0, 0);
    }
    sums[slot]! += dExposure;
    sums[slot + 1]! += dMerit;
  };
  for (let k = 0; k < slateMerchants.length; k++) {
    let v: number;
    if (given !== undefined) {
      v = given[k]!;
      if (!isLedgerMass(v)) throw new DataError(`record: slateExposure[${k}] = ${v} is not a finite number in [0, ${MAX_LEDGER_MASS}]`);
    } else v = exposureAt(model, input.slateRanks === undefined ? k + 1 : input.slateRanks[k]!);
    if (!(v > 0)) continue;
    add(slateMerchants[k]!, v, 0, 'slateMerchants');
  }
  for (let c = 0; c < candidateMerchants.length; c++) {
    const r = candidateRelevance[c]!;
    const rel = r > 1 ? 1 : r > 0 ? r : 0;
    if (rel === 0) continue;
    add(candidateMerchants[c]!, 0, rel, 'candidateMerchants');
  }
  if (byIndex !== undefined && table !== undefined) {
    // Fold index refs into the id sums (one entry per merchant id, even across both forms).
    for (const m of touched) add(table[m]!, byIndex[m * 2]!, byIndex[m * 2 + 1]!, 'merchantIds');
  }
  const merchants = [...slotOf.keys()];
  const exposure = new Float64Array(merchants.length);
  const merit = new Float64Array(merchants.length);
  for (let i = 0; i < merchants.length; i++) {
    exposure[i] = sums[i * 2]!;
    merit[i] = sums[i * 2 + 1]!;
  }
  return { merchants, exposure, merit };
}

/**
 * Checks deltas before any is added: aligned arrays, every mass a finite number in
 * [0, MAX_LEDGER_MASS].
 * @throws DataError naming the merchant and the values (nothing has been added then).
 */
export function checkDeltas(deltas: LedgerDeltas): void {
  const { merchants, exposure, merit } = deltas;
  if (exposure.length !== merchants.length || merit.length !== merchants.length) {
    throw new DataError(`addDeltas: ${merchants.length} merchants but ${exposure.length} exposures and ${merit.length} merits`);
  }
  for (let i = 0; i < merchants.length; i++) {
    if (!isLedgerMass(exposure[i]!) || !isLedgerMass(merit[i]!)) {
      throw new DataError(
        `addDeltas: merchant ${JSON.stringify(merchants[i])} has exposure ${exposure[i]} and merit ${merit[i]}; each must be a finite number in [0, ${MAX_LEDGER_MASS}]`,
      );
    }
  }
}
