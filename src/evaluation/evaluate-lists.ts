import { ConfigError, DataError } from '../errors.js';
import type { Metric, MetricAccumulator, MetricContext, RankedList, RelevantSet } from './metrics/types.js';
import type { UserPropensity } from './propensity/types.js';
import { meanCi } from './stats/summary.js';

/** Range of bounded metrics: their per-user values, hence their means, lie in [0, 1]. */
const UNIT_RANGE: readonly [number, number] = [0, 1];

/** One user's ranked list and relevant items. */
export interface UserList {
  readonly userId: string;
  readonly ranked: RankedList;
  readonly relevant: RelevantSet;
}

/** Summary of one metric over the evaluated users. */
export interface MetricSummary {
  readonly mean: number;
  /** 95% t interval of the per-user mean, clipped to [0, 1] for bounded metrics; `[value, value]` for aggregate metrics. */
  readonly ci95: readonly [number, number];
  /** Per-user values (user metrics only), in the order of `users`. */
  readonly perUser?: number[];
}

/** Result of {@link evaluateLists}: summaries by label and the users the per-user vectors follow. */
export interface ListsEvaluation {
  readonly metrics: Map<string, MetricSummary>;
  /** Users behind the per-user vectors (those with relevant items, unless asked otherwise). */
  readonly users: string[];
}

/** Options of {@link evaluateLists}. */
export interface EvaluateListsOptions {
  /** Context for aggregate metrics (required when any is asked for). */
  readonly context?: MetricContext;
  /** Count users with no relevant items in per-user means (they score 0). @default false, as trec_eval */
  readonly includeUsersWithoutRelevant?: boolean;
  /** Keep per-user vectors in the summaries. @default true */
  readonly keepPerUser?: boolean;
  /**
   * What propensity-corrected metrics (`snips-ndcg@10` ...) need: each user's propensity
   * information and the mean weight of all held-out interactions (the self-normalising divisor).
   */
  readonly propensity?: { readonly users: ReadonlyMap<string, UserPropensity>; readonly meanWeight: number };
}

/**
 * Scores every user's list with every metric: user metrics are averaged over users with relevant
 * items (trec_eval ignores queries without judgments) with a 95% t interval (clipped to [0, 1] for
 * bounded metrics, so it never claims an impossible value); aggregate metrics see
 * every list. Deterministic; does not mutate its inputs.
 */
export function evaluateLists(
  lists: Iterable<UserList>,
  metrics: readonly Metric[],
  options: EvaluateListsOptions = {},
): ListsEvaluation {
  const accumulators = new Map<string, MetricAccumulator>();
  for (const m of metrics) {
    if (m.kind === 'aggregate') accumulators.set(m.label, m.createAccumulator(options.context ?? { catalogue: [] }));
  }
  const perUser = new Map<string, number[]>();
  for (const m of metrics) if (m.kind !== 'aggregate') perUser.set(m.label, []);
  const correction = options.propensity;
  const corrected = metrics.find((m) => m.kind === 'corrected');
  if (corrected !== undefined && correction === undefined) {
    throw new ConfigError(`metric ${corrected.label} needs a propensity model: set propensity (model impressions, popularity or given)`, 'propensity');
  }
  const users: string[] = [];
  for (const list of lists) {
    for (const acc of accumulators.values()) acc.add(list.ranked, list.relevant, list.userId);
    if (list.relevant.size === 0 && options.includeUsersWithoutRelevant !== true) continue;
    users.push(list.userId);
    const user = corrected === undefined ? undefined : correction!.users.get(list.userId);
    if (corrected !== undefined && user === undefined) throw new DataError(`no propensity information for user ${JSON.stringify(list.userId)} (metric ${corrected.label})`);
    for (const m of metrics) {
      if (m.kind === 'user') perUser.get(m.label)!.push(m.compute(list.ranked, list.relevant));
      else if (m.kind === 'corrected') perUser.get(m.label)!.push(m.compute(list.ranked, user!, correction!.meanWeight));
    }
  }
  const out = new Map<string, MetricSummary>();
  for (const m of metrics) {
    if (m.kind !== 'aggregate') {
      const values = perUser.get(m.label)!;
      const { mean, ci95 } = meanCi(values, 0.95, m.bounded ? UNIT_RANGE : undefined);
      out.set(m.label, options.keepPerUser === false ? { mean, ci95 } : { mean, ci95, perUser: values });
    } else {
      const value = accumulators.get(m.label)!.result();
      out.set(m.label, { mean: value, ci95: [value, value] });
    }
  }
  return { metrics: out, users };
}
