import type { RecommenderConfigInput } from '../engine/config.js';
import { DataError } from '../errors.js';
import { readTextFile } from './system-error.js';

/**
 * Reads a recommender config JSON file for a command's `--config` flag (`{}` when no path is
 * given). Bad JSON is a DataError naming the file; bad keys are reported by createRecommender
 * (a ConfigError with the key's path).
 */
export async function readRecommenderConfig(path: string | undefined): Promise<RecommenderConfigInput> {
  if (path === undefined) return {};
  const text = await readTextFile(path);
  try {
    return JSON.parse(text) as RecommenderConfigInput;
  } catch (error) {
    throw new DataError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
}
