import type { Slate } from './slate.js';

/** One signal's part in one item's score. */
export interface SignalPart {
  readonly signal: string;
  /** Raw score on the signal's own scale; null when the signal had no opinion. */
  readonly raw: number | null;
  /** Normalised score over the request's candidates. */
  readonly normalised: number;
  readonly weight: number;
  /** weight * normalised / sum of the weights of signals with an opinion: its share of the blend. */
  readonly contribution: number;
  /** Extra detail from the signal (e.g. the topics behind a trend), when it gives any. */
  readonly detail?: readonly string[];
}

/** Why one item is where it is in a slate. */
export interface ItemExplanation {
  readonly rank: number;
  readonly productId: string;
  readonly merchantId: string;
  readonly score: number;
  readonly blended: number;
  readonly lift: number;
  readonly rankWithoutFairness: number | null;
  readonly stage: string;
  readonly sources: readonly string[];
  readonly signals: readonly SignalPart[];
  /** Human-readable lines, one per fact. */
  readonly lines: readonly string[];
}

/** A slate's explanation. */
export interface SlateExplanation {
  readonly userId: string;
  readonly coldStart: boolean;
  readonly items: readonly ItemExplanation[];
}

/** Detail lines per (signal name, product id), supplied by signals that can say more. */
export type DetailLookup = (signal: string, productId: string) => readonly string[] | undefined;

/**
 * Explains a slate from its trace: per item each signal's raw and normalised score, weight and
 * share of the blend, the fairness lift and what it changed, plus signal details (trending topics).
 */
export function explainSlate(slate: Slate, detail?: DetailLookup): SlateExplanation {
  const t = slate.trace;
  const items = slate.items.map((item, i): ItemExplanation => {
    const ti = t.items[i]!;
    let active = 0;
    t.blend.signals.forEach((_, s) => {
      if (ti.raw[s] !== null) active += t.blend.weights[s]!;
    });
    // The blend is sum(w z) / D with D = W (active + k) / (W + k), k = prior x W (docs/design.md,
    // "Blend"): D = W when every signal has an opinion; less evidence makes D larger (the prior's
    // shrinkage), plus a prior part k m (W + k) / (W (active + k)) - k m / W when the value m > 0.
    const W = t.blend.evidenceWeight;
    const k = t.blend.prior.weight * W;
    const m = t.blend.prior.value;
    const total = W > 0 && active > 0 ? (W * (active + k)) / (W + k) : active;
    const priorPart = W > 0 && k > 0 && m > 0 ? (k * m * (W + k)) / (W * (active + k)) - (k * m) / W : 0;
    const signals = t.blend.signals.map((name, s): SignalPart => {
      const w = t.blend.weights[s]!;
      const raw = ti.raw[s] ?? null;
      const d = raw === null ? undefined : detail?.(name, item.productId);
      return {
        signal: name,
        raw,
        normalised: ti.normalised[s]!,
        weight: w,
        contribution: raw === null || total === 0 ? 0 : (w * ti.normalised[s]!) / total,
        ...(d !== undefined && d.length > 0 ? { detail: d } : {}),
      };
    });
    const lines: string[] = [];
    for (const p of signals) {
      // The share is weight / (the weights of signals with an opinion, shrunk by the prior): say both numbers.
      lines.push(
        p.raw === null
          ? `${p.signal}: no opinion (its weight ${weightText(p.weight)} left out of the total)`
          : p.weight === 0
            ? `${p.signal}: raw ${fmt(p.raw)}, weight 0 (traced, not blended)`
            : `${p.signal}: raw ${fmt(p.raw)}, normalised ${fmt(p.normalised)} x weight ${weightText(p.weight)} / ${weightText(total)} = ${fmt(p.contribution)} of the blend`,
      );
      for (const d of p.detail ?? []) lines.push(`  ${d}`);
    }
    if (k > 0 && active < W) {
      lines.push(
        `evidence: signals with ${weightText(active)} of the weight ${weightText(W)} have an opinion; the prior (strength ${weightText(k)}) makes the total ${weightText(total)}` +
          (priorPart !== 0 ? ` and adds ${fmt(priorPart)}` : ''),
      );
    }
    if (t.blend.normalisation === 'z-score') {
      // z-scores are unbounded: the engine rescales the weighted sum to [0, 1] over the candidates.
      const sum = signals.reduce((acc, p) => acc + p.contribution, 0) + priorPart;
      lines.push(`weighted z-scores ${fmt(sum)}, rescaled over the candidates to [0, 1]`);
    }
    if (ti.boost !== undefined && ti.boost > 0) lines.push(`boosted +${fmt(ti.boost)}: ${ti.boostReason ?? 'boost stage'}`);
    lines.push(`blended ${fmt(ti.blended)}; proposed by ${ti.sources.join(', ') || 'none'}`);
    if (ti.lift > 0) {
      const moved =
        ti.rankWithoutFairness === null
          ? 'brought it into the slate'
          : ti.rankWithoutFairness !== item.rank
            ? `moved it from rank ${ti.rankWithoutFairness} to ${item.rank}`
            : 'did not change its rank';
      lines.push(`lifted by fairness: merchant ${item.merchantId} below its exposure share (+${fmt(ti.lift)}), which ${moved}`);
    }
    if (ti.stage === 'fairness-guard') lines.push('placed by a slate guard (FA*IR minimum of small-tier items)');
    if (ti.stage === 'exploration') lines.push(`placed in an exploration slot: the merit of merchant ${item.merchantId} is still uncertain (little exposure so far)`);
    else if (ti.lift === 0 && t.fairness.lambda > 0 && ti.fairness !== undefined && ti.fairness !== 'merchant at or above its exposure share') lines.push(`not lifted by fairness: ${ti.fairness}`);
    return {
      rank: item.rank,
      productId: item.productId,
      merchantId: item.merchantId,
      score: item.score,
      blended: ti.blended,
      lift: ti.lift,
      rankWithoutFairness: ti.rankWithoutFairness,
      stage: ti.stage,
      sources: ti.sources,
      signals,
      lines,
    };
  });
  return { userId: slate.userId, coldStart: t.coldStart, items };
}

/** A weight or a sum of weights, short: at least one decimal, at most three (`1.0`, `5.1`, `0.25`). */
function weightText(x: number): string {
  const t = String(Number(x.toFixed(3)));
  return t.includes('.') || t.includes('e') ? t : `${t}.0`;
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(3);
}
