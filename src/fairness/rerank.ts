/**
 * The amortised fairness reranker (docs/design.md 5.3): a per-merchant lift from the exposure ledger's
 * snapshot, then a greedy fill with per-slate guards (maxPerMerchant, FA*IR prefix minimum).
 * Pure: reads a frozen snapshot, mutates nothing it is given.
 */
import { ConfigError, DataError } from '../errors.js';
import { CandidateHeap } from './_candidate-heap.js';
import { CandidateOrder, firstPositions } from './_candidate-order.js';
import { exposureAt } from './exposure-model.js';
import { fairTable } from './fair-table.js';
import type { LedgerSnapshot } from './ledger-snapshot.js';
import { _explorable, explorationSlots } from './exploration.js';
import { merchantLifts } from './merchant-lifts.js';
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
  /**
   * 1 per candidate whose relevance is evidenced (a signal other than the baseline has an opinion
   * on it); only those are lifted, forced in or explored. @default every candidate evidenced
   */
  readonly evidenced?: Uint8Array;
  /**
   * Popularity percentile of each candidate among the request's candidates, in [0, 1] (NaN: no
   * popularity opinion, taken as 0); read when `popularityDamping` > 0. @default none (no damping)
   */
  readonly popularity?: Float32Array | undefined;
}

/** Why an output item got the lift it got (or none), per {@link RerankResult.why}. */
export const LIFT_REASONS = [
  'lifted',
  'merchant at or above its exposure share',
  'no evidence: only the baseline or no signal has an opinion',
  'below the relevance floor',
  'beyond the reach (depth)',
  'exploration slot',
  'fairness off (lambda 0, no FA*IR)',
  'popular already: the lift goes to less popular products (popularityDamping)',
] as const;

/** Index into {@link LIFT_REASONS}. */
export type LiftReasonCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

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
  /** Lift per merchant index (what its candidates in reach received). */
  readonly merchantLift: Float32Array;
  /** Per output item, why it got its lift or none: an index into {@link LIFT_REASONS} (a custom reranker may leave it out). */
  readonly why?: Uint8Array;
  /** The relevance floor this request used, on the blend's scale (a custom reranker may leave it out). */
  readonly floor?: number;
}

/**
 * The candidate at plain rank `depth` (1-based; by score, ties by the smaller position) among the
 * `eligible` non-NaN candidates, or -1 when every eligible candidate is within `depth` (with
 * `inclusive`, only when fewer than `depth` are eligible), or depth is null. Uses `positions`
 * (length eligible) as scratch; O(C log depth).
 */
function depthCut(scores: Float32Array, positions: Int32Array, eligible: number, depth: number | null, inclusive: boolean): number {
  if (depth === null || depth > eligible || (!inclusive && depth === eligible) || depth < 1) return -1;
  let a = 0;
  for (let c = 0; c < scores.length; c++) if (!Number.isNaN(scores[c]!)) positions[a++] = c;
  return firstPositions(scores, positions, eligible, depth)[depth - 1]!;
}

/** Candidates the greedy fill selects up front beyond the slate length (more are taken from a heap, if it needs them). */
const HEAD_SLACK = 16;

/**
 * Reranks one request's candidates for exposure fairness.
 *
 * 1. Lift per merchant from the snapshot (see `RerankConfigSchema` for policies and references),
 *    times the reach's score span under `liftScale: 'reach'`; `s' = s + lift` only for
 *    candidates in reach (below).
 * 2. Greedy fill by `s'` (ties: smaller candidate position first), skipping merchants at
 *    `maxPerMerchant`; with `fair`, whenever the prefix of length i holds fewer small-tier items
 *    than the FA*IR table's m(i), the best remaining small-tier candidate in reach is placed
 *    (forced) instead, when one exists.
 *
 *    Exploration (`exploration.share`, lambda > 0, `evidenced` given): the last
 *    `round(share x k)` slots take, while there are any, the best usable evidenced candidate of a
 *    merchant whose ledger exposure is below `exploration.untilExposure`, one per merchant, under
 *    the same guards (see src/fairness/exploration.ts).
 *
 * A candidate is in reach when its relevance is evidenced, at least the floor (`relevanceFloor`
 * x the plain slate's n-th score, or the absolute floor) and within `depth`; `why` says for each
 * output item why it was lifted or not. With lambda = 0 and no guards the output is exactly the
 * candidates sorted by score.
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

  const keys = new Float64Array(C);
  const all = new Int32Array(eligible);
  const k = Math.min(input.n, eligible);
  const active = config.lambda > 0 || config.fair !== null;
  const popularity = config.popularityDamping > 0 ? input.popularity : undefined;
  const dampOutside = popularity !== undefined && config.popularityDampingScope === 'outside-slate';
  // The plain slate's k-th candidate. The floor: a share of its score (the relevance a shown item
  // has without fairness), or an absolute level of the blend. The damping's scope: what is after it.
  const kth = active && k > 0 && (config.floorReference === 'slate' || dampOutside) ? depthCut(scores, all, eligible, k, true) : -1;
  const floor = config.floorReference === 'slate' ? (kth < 0 ? Infinity : config.relevanceFloor * scores[kth]!) : config.relevanceFloor;
  // The plain ranking's depth-th candidate: those after it are out of the reranker's reach.
  // Without a lift or FA*IR the reach changes nothing: skip the selection.
  const cut = active ? depthCut(scores, all, eligible, config.depth, false) : -1;
  const cutScore = cut < 0 ? 0 : scores[cut]!;
  if (config.liftScale === 'reach' && eligible > 0) {
    // Lift in units of the reach's score span (on a percentile blend: (depth - 1) / (C - 1)).
    const span = best - (cut < 0 ? worst : cutScore);
    for (let m = 0; m < M; m++) lift[m] = lift[m]! * span;
  }
  const evidenced = input.evidenced;
  // Whether candidate c ranks at or above candidate `at` in the plain ranking (ties by position).
  const atOrAbove = (c: number, at: number): boolean => scores[c]! > scores[at]! || (scores[c] === scores[at] && c <= at);
  const inDepth = (c: number): boolean => cut < 0 || atOrAbove(c, cut);
  const reach = (c: number): boolean => (evidenced === undefined || evidenced[c] === 1) && scores[c]! >= floor && inDepth(c);
  // The candidate's share of its merchant's lift: (1 - popularity percentile)^popularityDamping,
  // with scope 'outside-slate' only for candidates outside the plain slate.
  const share = (c: number): number => {
    if (popularity === undefined) return 1;
    if (dampOutside && kth >= 0 && atOrAbove(c, kth)) return 1;
    const q = popularity[c]!;
    return q > 0 ? Math.pow(Math.max(0, 1 - Math.min(1, q)), config.popularityDamping) : 1;
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
    keys[c] = lifted ? s + lift[m]! * share(c) : s;
    all[a++] = c;
    if (fair !== null && lifted && tierOf![m] === TIER_SMALL) smalls[b++] = c;
  }
  const main = new CandidateOrder(keys, all, eligible, k + HEAD_SLACK);
  const small = new CandidateHeap(keys, smalls, smallCount);

  const minSmall = fair !== null && k > 0 ? fairTable(k, fair.p, fair.alpha, { adjust: fair.adjust }).table : null;
  const cap = config.maxPerMerchant;
  const perMerchant = cap === null ? null : new Int32Array(M);
  const placed = new Uint8Array(C);
  const order = new Int32Array(k);
  const forced = new Uint8Array(k);
  let len = 0;
  let smallPlaced = 0;
  const usable = (c: number): boolean => placed[c] === 0 && (perMerchant === null || perMerchant[merchantOf[c]!]! < cap!);
  // Exploration (part of the fairness stage: lambda 0 turns it off too): from slot k - e on, the
  // best usable evidenced candidate of a merchant whose merit is still uncertain, one per merchant,
  // under the same guards (a FA*IR minimum still wins the slot).
  const slots = config.lambda > 0 && evidenced !== undefined ? explorationSlots(config.exploration.share, k) : 0;
  const explorable = slots === 0 ? new Int32Array(0) : _explorable({ scores, merchantOf, merchantIds, evidenced: evidenced! }, snapshot, config.exploration);
  // In explorationOrder's order (relevance, ties by position), read only as far as needed.
  const explore = new CandidateOrder(scores, explorable, explorable.length, slots + HEAD_SLACK);
  const exploredMerchant = slots === 0 ? undefined : new Uint8Array(M);
  const why = new Uint8Array(k);
  while (len < k) {
    while (main.size > 0 && !usable(main.peek())) main.pop();
    let pick = main.peek();
    let isForced = 0;
    let isExplored = false;
    if (len >= k - slots && exploredMerchant !== undefined) {
      while (explore.size > 0 && (!usable(explore.peek()) || exploredMerchant[merchantOf[explore.peek()]!] === 1)) explore.pop();
      if (explore.size > 0) {
        pick = explore.peek();
        isExplored = true;
      }
    }
    if (minSmall !== null && smallPlaced < minSmall[len]! && (pick < 0 || tierOf![merchantOf[pick]!] !== TIER_SMALL)) {
      while (small.size > 0 && !usable(small.peek())) small.pop();
      const alt = small.peek();
      if (alt >= 0) {
        pick = alt;
        isForced = 1;
        isExplored = false;
      }
    }
    if (pick < 0) break;
    placed[pick] = 1;
    const m = merchantOf[pick]!;
    if (perMerchant !== null) perMerchant[m]!++;
    if (tierOf !== undefined && tierOf[m] === TIER_SMALL) smallPlaced++;
    if (isExplored) {
      explore.pop();
      exploredMerchant![m] = 1;
      why[len] = 5;
    }
    order[len] = pick;
    forced[len] = isForced;
    len++;
  }

  // The tail (the exploration slots) is ordered by the scores reported, explored items by their own
  // relevance: every head item outranks the whole tail, so the slate's scores stay non-increasing.
  // FA*IR prefixes count positions, so with `fair` the order stays as filled.
  if (slots > 0 && fair === null) sortTail(order, forced, why, Math.max(0, k - slots), len, (c, explored) => (explored ? scores[c]! : keys[c]!));
  const outOrder = len === k ? order : order.slice(0, len);
  const outForced = len === k ? forced : forced.slice(0, len);
  const outLift = new Float32Array(len);
  const adjusted = new Float32Array(len);
  const exposure = new Float32Array(len);
  for (let i = 0; i < len; i++) {
    const c = outOrder[i]!;
    const inReach = reach(c);
    const explored = why[i] === 5;
    outLift[i] = inReach && !explored ? lift[merchantOf[c]!]! * share(c) : 0;
    adjusted[i] = explored ? scores[c]! : keys[c]!;
    exposure[i] = exposureAt(config.exposure, i + 1);
    if (!explored) why[i] = !active ? 6 : inReach ? (outLift[i]! > 0 ? 0 : lift[merchantOf[c]!]! > 0 ? 7 : 1) : evidenced !== undefined && evidenced[c] !== 1 ? 2 : scores[c]! < floor ? 3 : 4;
  }
  return {
    order: outOrder,
    lift: outLift,
    forced: outForced,
    adjusted,
    exposure,
    merchantLift: Float32Array.from(lift),
    why: len === k ? why : why.slice(0, len),
    floor: Number.isFinite(floor) ? floor : 0,
  };
}

/**
 * Sorts slots [from, len) by `score(candidate, explored)`, descending, keeping the filled order
 * among equal scores (and the `forced` and explored flags with their items).
 */
function sortTail(order: Int32Array, forced: Uint8Array, why: Uint8Array, from: number, len: number, score: (c: number, explored: boolean) => number): void {
  const tail = Array.from({ length: Math.max(0, len - from) }, (_, t) => {
    const i = from + t;
    return { c: order[i]!, f: forced[i]!, w: why[i]!, s: score(order[i]!, why[i] === 5), t };
  });
  tail.sort((a, b) => b.s - a.s || a.t - b.t);
  tail.forEach((x, t) => {
    order[from + t] = x.c;
    forced[from + t] = x.f;
    why[from + t] = x.w;
  });
}
