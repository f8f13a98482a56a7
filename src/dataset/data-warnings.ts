import { decayWarning, type Dataset } from './dataset.js';
import { outlierUsersWarning } from './outlier-users.js';

/**
 * Warnings about a training dataset that do not stop a fit: a decay that leaves most events under
 * 1% of their weight ({@link decayWarning}) and users who touched far more products than the rest
 * ({@link outlierUsersWarning}: crawlers, test accounts, bulk imports).
 */
export function dataWarnings(dataset: Dataset): string[] {
  return [decayWarning(dataset.stats), outlierUsersWarning(dataset)].filter((w): w is string => w !== undefined);
}
