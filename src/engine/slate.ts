import type { Topic } from '../schema/entities.js';
import type { Normalisation } from './normalise.js';

/** One recommended product. */
export interface SlateItem {
  readonly productId: string;
  readonly merchantId: string;
  /** Final score on the normalised blend scale, fairness lift included. */
  readonly score: number;
  /** 1-based position in the slate. */
  readonly rank: number;
  /** Short human-readable reasons, strongest first. */
  readonly reasons: readonly string[];
}

/** Where an item's slate position came from. */
export type PlacementStage = 'rank' | 'fairness-lift' | 'fairness-guard' | 'exploration';

/** Per-item trace: every signal's raw and normalised score, the blend and the fairness lift. */
export interface TraceItem {
  readonly productId: string;
  readonly merchantId: string;
  /** Signals whose topN proposed the product (`popular` for the popularity fill, `topic` for trending). */
  readonly sources: readonly string[];
  /** Raw score per signal (aligned with `SlateTrace.signals`); null = no opinion (NaN). */
  readonly raw: readonly (number | null)[];
  /** Normalised score per signal. */
  readonly normalised: readonly number[];
  /** Weighted, normalised blend in [0, 1] before boost and fairness. */
  readonly blended: number;
  /** Boost added after the blend (absent when none). */
  readonly boost?: number;
  /** Why the boost was given (absent when none). */
  readonly boostReason?: string;
  /** Fairness lift added (0 when none). */
  readonly lift: number;
  /** Why the fairness stage lifted it or not (e.g. "no evidence: only the baseline or no signal has an opinion"). */
  readonly fairness: string;
  /** Rank the item would have had without the fairness stage (null: outside the slate). */
  readonly rankWithoutFairness: number | null;
  readonly stage: PlacementStage;
}

/** What happened in one recommend call, keyed by pipeline stage. */
export interface SlateTrace {
  readonly userId: string;
  /** True when the fit saw this user. */
  readonly knownUser: boolean;
  /** True when the user had no history: the slate rests on popularity and trends. */
  readonly coldStart: boolean;
  /** Request time, epoch ms. */
  readonly now: number;
  readonly n: number;
  readonly history: { readonly items: number; readonly excluded: number };
  readonly candidates: {
    readonly total: number;
    /** Candidates proposed by each source (a candidate may come from several). */
    readonly bySource: ReadonlyArray<readonly [string, number]>;
    /** True when the union was cut at `candidates.max`. */
    readonly capped: boolean;
  };
  readonly blend: {
    /** Signal instance names. */
    readonly signals: readonly string[];
    /** Signal types, aligned with `signals`. */
    readonly types: readonly string[];
    readonly weights: readonly number[];
    readonly normalisation: Normalisation;
    /** Weight of the signals with an opinion on any candidate of the request (W). */
    readonly evidenceWeight: number;
    /** The evidence prior: strength as a share of W, and the value shrunk toward. */
    readonly prior: { readonly weight: number; readonly value: number };
  };
  readonly fairness: {
    readonly lambda: number;
    readonly policy: string;
    /** True when this slate was recorded into the exposure ledger. */
    readonly recorded: boolean;
  };
  /** Ad-hoc topics given with the request (validated records), so `explain(slate)` names them. */
  readonly topics: readonly Topic[];
  readonly items: readonly TraceItem[];
}

/** A ranked list of products for one user, with its trace. */
export interface Slate {
  readonly userId: string;
  readonly items: readonly SlateItem[];
  readonly trace: SlateTrace;
}
