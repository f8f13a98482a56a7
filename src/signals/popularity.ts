import { z } from 'zod';
import { parseConfig } from '../_internal/parse-config.js';
import type { Dataset } from '../dataset/dataset.js';
import { NotFittedError } from '../errors.js';
import type { ProductSubset, ScoredItems, Signal, SignalCapabilities, UserContext } from './signal.js';
import { checkSubsetIds, gather, topNOfScores } from './top-n.js';

/** Popularity config. */
export const PopularityConfigSchema = z
  .object({
    type: z.literal('popularity').default('popularity'),
    /** `mass`: sum of decayed interaction weights; `users`: number of distinct users. @default 'mass' */
    measure: z.enum(['mass', 'users']).default('mass'),
  })
  .strict();

/** Popularity config as written by a caller. */
export type PopularityConfigInput = z.input<typeof PopularityConfigSchema>;
/** Popularity config with defaults. */
export type PopularityConfig = z.output<typeof PopularityConfigSchema>;

/** Popularity signal: time-decayed interaction mass per product; the same for every user. */
export class PopularitySignal implements Signal {
  readonly type = 'popularity';
  readonly capabilities: SignalCapabilities = Object.freeze({ coldProducts: true, coldUsers: true, baseline: true, foldIn: false, topics: false, similarity: false, explains: false, boosts: false });
  readonly reason = 'popular right now';
  readonly config: PopularityConfig;
  #mass: Float64Array | undefined;
  /** The mass of the last subset given to topNIn, in the subset's order. */
  #subsetMass: { readonly subset: ProductSubset; readonly mass: Float64Array } | undefined;

  constructor(config: PopularityConfigInput = {}) {
    this.config = parseConfig('popularity', PopularityConfigSchema, config);
  }

  get fitted(): boolean {
    return this.#mass !== undefined;
  }

  /** Popularity of each product (index order), after fit. */
  get mass(): Float64Array {
    if (this.#mass === undefined) throw new NotFittedError('popularity');
    return this.#mass;
  }

  fit(dataset: Dataset): void {
    const m = dataset.interactions;
    const mass = new Float64Array(m.cols);
    const total = m.indptr[m.rows]!;
    for (let e = 0; e < total; e++) mass[m.indices[e]!]! += this.config.measure === 'users' ? 1 : m.values[e]!;
    this.#mass = mass;
    this.#subsetMass = undefined;
  }

  /** Installs popularity values (used by model loading). */
  setMass(mass: Float64Array): void {
    this.#mass = mass;
    this.#subsetMass = undefined;
  }

  score(_user: UserContext, candidates: Int32Array): Float32Array {
    return gather(this.mass, candidates);
  }

  topN(_user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems {
    return topNOfScores(this.mass, n, exclude);
  }

  /** topN over `subset`'s products only, scanning just their masses (gathered once per subset). */
  topNIn(_user: UserContext, n: number, subset: ProductSubset, exclude?: (product: number) => boolean): ScoredItems {
    const { ids } = subset;
    if (this.#subsetMass?.subset !== subset) {
      const mass = this.mass;
      checkSubsetIds(ids, mass.length, 'popularity topNIn');
      this.#subsetMass = { subset, mass: Float64Array.from(ids, (p) => mass[p]!) };
    }
    const top = topNOfScores(this.#subsetMass.mass, n, exclude === undefined ? undefined : (i) => exclude(ids[i]!));
    return { ids: top.ids.map((i) => ids[i]!), scores: top.scores };
  }

  toJSON(): PopularityConfig {
    return { ...this.config };
  }
}

/** Creates a popularity signal. */
export function createPopularity(config: PopularityConfigInput = {}): PopularitySignal {
  return new PopularitySignal(config);
}
