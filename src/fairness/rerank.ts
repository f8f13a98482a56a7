/**
 * The amortised fairness reranker (DESIGN.md 5.3): a per-merchant lift from the exposure ledger's
 * snapshot, then a greedy fill with per-slate guards (maxPerMerchant, FA*IR prefix minimum).
 * Pure: reads a frozen snapshot, mutates nothing it is given.
 */
import { ConfigError, DataError } from '../errors.js';
import { CandidateHeap } from './_candidate-heap.js';
import { exposureAt } from './exposure-model.js';
import { fairTable } from './fair-table.js';
import { snapshotIndex, type LedgerSnapshot } from './ledger-snapshot.js';
import type { RerankConfig } from './rerank-config.js';
import { TIER_SMALL } from './tier-codes.js';

/** One request's candidates, as parallel typed arrays (candidate position c = index). */
export interface RerankInput {
  /** Normalised blended relevance of each candidate in [0, 1], higher better; NaN = ineligible. */
  readonly scores: Float32Array;
  /** Merchant index of each candidate (into `merchantIds`, and `tierOf`). */
  readonly merchantOf: Int32Array;
  /** Merchant index -> merchant id, for ledger lookups. */
  readonly merchantIds: readonly string[];
  /** Tier per merchant index: 0 head, 1 mid, 2 small. Needed by `tier-floor` and `fair`. */
  readonly tierOf?: Uint8Array;
  /** Slate length wanted. */
  readonly n: number;
}

/** The reranked slate: arrays aligned with the output order. */
export interface RerankResult {
  /** Candidate positions, best first; length <= min(n, eligible candidates). */
  readonly order: Int32Array;
  /** Lift added to each output item's score (0 below the relevance floor or beyond `depth`). */
  readonly lift: Float32Array;
  /** 1 when the item was placed by a guard (FA*IR) ahead of a better-scored item. */
  readonly forced: Uint8Array;
  /** Adjusted score `s + lift` of each output item. */
  readonly adjusted: Float32Array;
  /** Exposure of each output rank under `config.exposure`. */
  readonly exposure: Float32Array;
  /** Lift per merchant index (what its candidates in reach, see {@link rerank}, received). */
  readonly merchantLift: Float32Array;
}

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
function merchantLifts(
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

/**
 * The candidate at plain rank `depth` (1-based; by score, ties by the smaller position) among the
 * `eligible` non-NaN candidates, or -1 when every eligible candidate is within `depth` (or depth
 * is null). Uses `keys` and `positions` (lengths C and eligible) as scratch; O(C + depth log C).
 */
function depthCut(scores: Float32Array, keys: Float64Array, positions: Int32Array, eligible: number, depth: number | null): number {
  if (depth === null || depth >= eligible) return -1;
  let a = 0;
  for (let c = 0; c < scores.length; c++) {
    const s = scores[c]!;
    if (Number.isNaN(s)) continue;
    keys[c] = s;
    positions[a++] = c;
  }
  const plain = new CandidateHeap(keys, positions, eligible);
  for (let i = 1; i < depth; i++) plain.pop();
  return plain.peek();
}

/**
 * Reranks one request's candidates for exposure fairness.
 *
 * 1. Lift per merchant from the snapshot (see `RerankConfigSchema` for policies and references),
 *    times the reach's score span under `liftScale: 'reach'`; `s' = s + lift` only for
 *    candidates in reach: `s >= relevanceFloor` and within the top `depth` of the plain ranking
 *    (by s, ties by the smaller position).
 * 2. Greedy fill by `s'` (ties: smaller candidate position first), skipping merchants at
 *    `maxPerMerchant`; with `fair`, whenever the prefix of length i holds fewer small-tier items
 *    than the FA*IR table's m(i), the best remaining small-tier candidate in reach is placed
 *    (forced) instead, when one exists.
 *
 * With lambda = 0 and no guards the output is exactly the candidates sorted by score.
 * Cost O(C + M + (depth + n + skipped) log C) for C candidates and M merchant ids, plus a one-off
 * O(L) index of the snapshot (cached per snapshot object).
 *
 * @throws DataError when the arrays disagree in length or a merchant index is out of range;
 *   ConfigError when `tier-floor` or `fair` is asked for without `tierOf`.
 * @example
 * const r = rerank({ scores: Float32Array.of(0.9, 0.8), merchantOf: Int32Array.of(0, 1),
 *   merchantIds: ['a', 'b'], n: 2 }, ledger.snapshot(), createRerankConfig({ lambda: 0 }));
 * r.order // Int32Array [0, 1]
 */
export function rerank(input: RerankInput, snapshot: LedgerSnapshot, config: RerankConfig): RerankResult {
  const { scores, merchantOf, merchantIds, tierOf } = input;
  const C = scores.length;
  const M = merchantIds.length;
  if (merchantOf.length !== C) {
    throw new DataError(`rerank: scores has ${C} candidates but merchantOf has ${merchantOf.length}`);
  }
  if (!Number.isInteger(input.n) || input.n < 0) throw new DataError(`rerank: n must be an integer >= 0, got ${input.n}`);
  const needTiers = config.policy === 'tier-floor' || config.fair !== null;
  if (needTiers && tierOf === undefined) {
    throw new ConfigError(
      `rerank: ${config.policy === 'tier-floor' ? "policy 'tier-floor'" : 'fair'} needs tierOf (tier per merchant index)`,
      config.policy === 'tier-floor' ? 'policy' : 'fair',
    );
  }
  if (tierOf !== undefined && tierOf.length < M) {
    throw new DataError(`rerank: tierOf has ${tierOf.length} entries for ${M} merchant ids`);
  }

  const present = new Uint8Array(M);
  let eligible = 0;
  let best = -Infinity;
  let worst = Infinity;
  for (let c = 0; c < C; c++) {
    const m = merchantOf[c]!;
    if (m < 0 || m >= M) throw new DataError(`rerank: merchantOf[${c}] = ${m} is outside 0..${M - 1}`);
    present[m] = 1;
    const s = scores[c]!;
    if (Number.isNaN(s)) continue;
    eligible++;
    if (s > best) best = s;
    if (s < worst) worst = s;
  }

  const lift = new Float64Array(M);
  merchantLifts(input, snapshot, config, present, lift);
  // Defence in depth: a snapshot is plain data a caller may have built by hand.
  for (let m = 0; m < M; m++) if (!(lift[m]! >= 0 && lift[m]! <= config.lambda)) lift[m] = 0;

  const floor = config.relevanceFloor;
  const keys = new Float64Array(C);
  const all = new Int32Array(eligible);
  // The plain ranking's depth-th candidate: those after it are out of the reranker's reach.
  // Without a lift or FA*IR the reach changes nothing: skip the selection.
  const cut = config.lambda > 0 || config.fair !== null ? depthCut(scores, keys, all, eligible, config.depth) : -1;
  const cutScore = cut < 0 ? 0 : scores[cut]!;
  if (config.liftScale === 'reach' && eligible > 0) {
    // Lift in units of the reach's score span (on a percentile blend: (depth - 1) / (C - 1)).
    const span = best - (cut < 0 ? worst : cutScore);
    for (let m = 0; m < M; m++) lift[m] = lift[m]! * span;
  }
  const reach = (c: number): boolean => {
    const s = scores[c]!;
    return s >= floor && (cut < 0 || s > cutScore || (s === cutScore && c <= cut));
  };
  const fair = config.fair;
  let smallCount = 0;
  if (fair !== null) {
    for (let c = 0; c < C; c++) {
      if (tierOf![merchantOf[c]!] === TIER_SMALL && reach(c)) smallCount++;
    }
  }
  const smalls = new Int32Array(smallCount);
  let a = 0;
  let b = 0;
  for (let c = 0; c < C; c++) {
    const s = scores[c]!;
    if (Number.isNaN(s)) continue;
    const m = merchantOf[c]!;
    const lifted = reach(c);
    keys[c] = lifted ? s + lift[m]! : s;
    all[a++] = c;
    if (fair !== null && lifted && tierOf![m] === TIER_SMALL) smalls[b++] = c;
  }
  const main = new CandidateHeap(keys, all, eligible);
  const small = new CandidateHeap(keys, smalls, smallCount);

  const k = Math.min(input.n, eligible);
  const minSmall = fair !== null && k > 0 ? fairTable(k, fair.p, fair.alpha, { adjust: fair.adjust }).table : null;
  const cap = config.maxPerMerchant;
  const perMerchant = cap === null ? null : new Int32Array(M);
  const placed = new Uint8Array(C);
  const order = new Int32Array(k);
  const forced = new Uint8Array(k);
  let len = 0;
  let smallPlaced = 0;
  const usable = (c: number): boolean => placed[c] === 0 && (perMerchant === null || perMerchant[merchantOf[c]!]! < cap!);
  while (len < k) {
    while (main.size > 0 && !usable(main.peek())) main.pop();
    let pick = main.peek();
    let isForced = 0;
    if (minSmall !== null && smallPlaced < minSmall[len]! && (pick < 0 || tierOf![merchantOf[pick]!] !== TIER_SMALL)) {
      while (small.size > 0 && !usable(small.peek())) small.pop();
      const alt = small.peek();
      if (alt >= 0) {
        pick = alt;
        isForced = 1;
      }
    }
    if (pick < 0) break;
    placed[pick] = 1;
    const m = merchantOf[pick]!;
    if (perMerchant !== null) perMerchant[m]!++;
    if (tierOf !== undefined && tierOf[m] === TIER_SMALL) smallPlaced++;
    order[len] = pick;
    forced[len] = isForced;
    len++;
  }

  const outOrder = len === k ? order : order.slice(0, len);
  const outLift = new Float32Array(len);
  const adjusted = new Float32Array(len);
  const exposure = new Float32Array(len);
  for (let i = 0; i < len; i++) {
    const c = outOrder[i]!;
    outLift[i] = reach(c) ? lift[merchantOf[c]!]! : 0;
    adjusted[i] = keys[c]!;
    exposure[i] = exposureAt(config.exposure, i + 1);
  }
  return {
    order: outOrder,
    lift: outLift,
    forced: len === k ? forced : forced.slice(0, len),
    adjusted,
    exposure,
    merchantLift: Float32Array.from(lift),
  };
}
