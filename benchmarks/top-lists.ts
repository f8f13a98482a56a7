/**
 * Protocol-P1-style ranking and scoring shared by the quality and speed benchmarks: every user's
 * top n from a fitted signal's `topN` with the user's train items excluded, then the project's own
 * metrics (evaluateLists) against each user's held-out items.
 */
import type { Dataset } from '../src/dataset/dataset.js';
import { evaluateLists, type UserList } from '../src/evaluation/evaluate-lists.js';
import { createMetric } from '../src/evaluation/metrics/index.js';
import type { Signal, UserContext } from '../src/signals/signal.js';

/** Every user's top-n product indices (best first) and the time the whole pass took. */
export interface TopLists {
  readonly lists: Map<string, Int32Array>;
  /** Wall-clock ms of ranking all users. */
  readonly ms: number;
}

/** The signal's view of a fitted user: the train row as history. */
export function fittedUserContext(dataset: Dataset, user: number): UserContext {
  const m = dataset.interactions;
  const a = m.indptr[user]!;
  const b = m.indptr[user + 1]!;
  return { userId: dataset.users.idAt(user), user, items: m.indices.subarray(a, b), weights: m.values.subarray(a, b), now: dataset.referenceTime, topics: [] };
}

/** Ranks the top `n` of every user of the dataset with `signal.topN`, excluding the user's train items. */
export function topLists(signal: Signal, dataset: Dataset, n: number): TopLists {
  const seen = new Uint8Array(dataset.products.size);
  const exclude = (p: number): boolean => seen[p] === 1;
  const lists = new Map<string, Int32Array>();
  const t = performance.now();
  for (let u = 0; u < dataset.users.size; u++) {
    const ctx = fittedUserContext(dataset, u);
    for (const p of ctx.items) seen[p] = 1;
    lists.set(ctx.userId, signal.topN(ctx, n, exclude).ids);
    for (const p of ctx.items) seen[p] = 0;
  }
  return { lists, ms: performance.now() - t };
}

/** Metric labels reported, in order (P1's metrics at 10). */
export const P1_METRICS = ['ndcg@10', 'recall@10', 'precision@10', 'map@10', 'mrr@10', 'hit-rate@10'] as const;

/** Mean of each of {@link P1_METRICS} over users with held-out items (trec_eval's convention). */
export function scoreLists(lists: Map<string, Int32Array>, dataset: Dataset, test: ReadonlyMap<string, ReadonlySet<string>>): Map<string, number> {
  const ranked = new Map<string, string[]>();
  for (const [userId, ids] of lists) ranked.set(userId, Array.from(ids, (p) => dataset.products.idAt(p)));
  return scoreRanked(ranked, test);
}

/** {@link scoreLists} for lists of product ids (e.g. another library's top-n lists). */
export function scoreRanked(lists: ReadonlyMap<string, readonly string[]>, test: ReadonlyMap<string, ReadonlySet<string>>): Map<string, number> {
  const metrics = P1_METRICS.map((label) => {
    const [name, k] = label.split('@');
    return createMetric(name!, Number(k));
  });
  const users: UserList[] = [];
  for (const [userId, ranked] of lists) users.push({ userId, ranked, relevant: test.get(userId) ?? new Set<string>() });
  const result = evaluateLists(users, metrics, { keepPerUser: false });
  return new Map(P1_METRICS.map((label) => [label, result.metrics.get(label)!.mean]));
}
