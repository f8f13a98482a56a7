import type { RecommenderConfigInput } from '../../engine/config.js';
import { createRecommender, type Recommender } from '../../engine/recommender.js';
import { ConfigError } from '../../errors.js';

/**
 * Internal: a recommender for the model at `models.<index>`; a ConfigError names that path and
 * the run, e.g. `model "ials" (models.0.signals.0.factors): ...`.
 */
export function _createModel(name: string, index: number, config: RecommenderConfigInput): Recommender {
  try {
    return createRecommender(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      const path = `models.${index}${error.path === undefined || error.path === '' ? '' : `.${error.path}`}`;
      throw new ConfigError(`model "${name}" (${path}): ${error.message}`, path);
    }
    throw error;
  }
}
