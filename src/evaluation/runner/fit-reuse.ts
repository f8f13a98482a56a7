import type { RecommenderConfig } from '../../engine/config.js';
import { Recommender } from '../../engine/recommender.js';
import type { RecommenderState } from '../../engine/state.js';

/** The config of a fit: everything but the reranker's settings, which fitting never reads. */
function fitKey(config: RecommenderConfig): string {
  const { rerank: _rerank, ...fairness } = config.fairness;
  return JSON.stringify({ ...config, fairness });
}

/**
 * The last fitted model of an evaluation, reused by the next run whose config differs from it
 * only in `fairness.rerank` (a lambda, floor or exploration sweep fits once): the next run gets a
 * recommender rebuilt from the fitted state (`Recommender.fromState`) under its own config, with a
 * fresh ledger, which serves the same slates as a refit would. Holds one fitted state at a time.
 */
export class FitReuse {
  #key: string | undefined;
  #dataset: object | undefined;
  #state: RecommenderState | undefined;

  /** A recommender for `config` rebuilt from the kept fit, or undefined when that fit does not apply. */
  take(config: RecommenderConfig, datasetKey: object): Recommender | undefined {
    if (this.#state === undefined || this.#dataset !== datasetKey || this.#key !== fitKey(config)) return undefined;
    return Recommender.fromState({ ...this.#state, config });
  }

  /** Keeps `rec`'s fit (just fitted on `datasetKey`, nothing recommended yet) for the next run. */
  keep(rec: Recommender, datasetKey: object): void {
    this.#key = fitKey(rec.config);
    this.#dataset = datasetKey;
    this.#state = rec.exportState();
  }
}
