/**
 * Exploration slots (docs/design.md, "Evidence and exploration"): a bounded share of each slate for
 * products of merchants whose merit is still uncertain, so that a new small merchant earns data
 * instead of being buried (the model learns merit from exposure it never gets) or pushed blindly.
 */
import { snapshotIndex, type LedgerSnapshot } from './ledger-snapshot.js';

/** What exploration reads of one request (arrays aligned with the candidates). */
export interface ExplorationInput {
  readonly scores: Float32Array;
  readonly merchantOf: Int32Array;
  readonly merchantIds: readonly string[];
  /** 1 when a signal other than the baseline has an opinion on the candidate. */
  readonly evidenced: Uint8Array;
}

/** Exploration options (the reranker config's `exploration`). */
export interface ExplorationOptions {
  /** Share of the slate's slots, in [0, 1). */
  readonly share: number;
  /** A merchant is uncertain while its decayed ledger exposure is below this. */
  readonly untilExposure: number;
}

/** Number of exploration slots in a slate of `k`: `round(share x k)`, never the whole slate. */
export function explorationSlots(share: number, k: number): number {
  if (!(share > 0) || k <= 1) return 0;
  return Math.min(k - 1, Math.round(share * k));
}

/**
 * Internal: the candidates the exploration slots may take, in position order: the evidenced
 * candidates of merchants whose ledger exposure is below `untilExposure` (a merchant the
 * snapshot does not list has none). O(C).
 */
export function _explorable(input: ExplorationInput, snapshot: LedgerSnapshot, options: ExplorationOptions): Int32Array {
  const index = snapshotIndex(snapshot);
  const { scores, merchantOf, merchantIds, evidenced } = input;
  // Per merchant index: 0 not looked up yet, 1 uncertain, 2 not.
  const state = new Uint8Array(merchantIds.length);
  const picked = new Int32Array(scores.length);
  let count = 0;
  for (let c = 0; c < scores.length; c++) {
    if (evidenced[c] !== 1 || Number.isNaN(scores[c]!)) continue;
    const m = merchantOf[c]!;
    // A merchant index outside the ids is a merchant the snapshot does not list.
    if (!(m >= 0 && m < state.length)) {
      if (options.untilExposure > 0) picked[count++] = c;
      continue;
    }
    if (state[m] === 0) {
      const at = index.get(merchantIds[m]!);
      const exposure = at === undefined ? 0 : snapshot.entries[at]!.exposure;
      state[m] = exposure < options.untilExposure ? 1 : 2;
    }
    if (state[m] === 1) picked[count++] = c;
  }
  return picked.slice(0, count);
}

/**
 * The candidates the exploration slots may take, best first (by relevance, ties by the smaller
 * position): the evidenced candidates of merchants whose ledger exposure is below
 * `untilExposure` (a merchant the snapshot does not list has none). The reranker takes them in
 * this order, at most one per merchant, subject to its slate guards (reading only as far as it
 * needs). O(C log C) for the candidates of uncertain merchants, O(C) otherwise.
 */
export function explorationOrder(input: ExplorationInput, snapshot: LedgerSnapshot, options: ExplorationOptions): Int32Array {
  const { scores } = input;
  return _explorable(input, snapshot, options).sort((a, b) => scores[b]! - scores[a]! || a - b);
}
