/**
 * Protocol P1 on MovieLens 100K (vectors/ml100k-p1 under the data root, GFP_DATA_ROOT, default ../shared): the exact train/test split, every
 * rating an implicit interaction of weight 1, catalogue = every item id of u.data (1682).
 */
import { dataRoot } from '../src/io/data-root.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset } from '../src/dataset/dataset.js';
import type { Dataset, Event, Product } from '../src/index.js';

/** Folder of the P1 reference vectors. */
export const P1_DIR = join(dataRoot(), 'vectors', 'ml100k-p1');

function readPairs(file: string): Array<[string, string]> {
  return readFileSync(join(P1_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [u, i] = l.split('\t');
      return [u!, i!];
    });
}

/** The P1 split as a dataset (train) plus each user's relevant test items. */
export interface P1 {
  readonly dataset: Dataset;
  readonly test: Map<string, Set<string>>;
  readonly users: string[];
}

/** Loads P1: train as a dataset with weight 1 and no decay; test as relevant sets by user. */
export function loadP1(): P1 {
  const train = readPairs('train.tsv');
  const testPairs = readPairs('test.tsv');
  const itemIds = new Set<number>();
  for (const [, i] of train) itemIds.add(Number(i));
  for (const [, i] of testPairs) itemIds.add(Number(i));
  const products: Product[] = [...itemIds]
    .sort((a, b) => a - b)
    .map((i) => ({ id: String(i), merchantId: 'movielens', title: `item ${i}`, description: '', tags: [], category: '', inStock: true }));
  const events: Event[] = train.map(([u, i]) => ({ userId: u, productId: i, type: 'rating', timestamp: 0, weight: 1 }));
  const userIds = [...new Set([...train.map(([u]) => Number(u)), ...testPairs.map(([u]) => Number(u))])].sort((a, b) => a - b).map(String);
  const dataset = buildDataset({ products, events }, { weighting: { halfLifeDays: null }, users: userIds });
  const test = new Map<string, Set<string>>();
  for (const [u, i] of testPairs) {
    let s = test.get(u);
    if (s === undefined) test.set(u, (s = new Set()));
    s.add(i);
  }
  return { dataset, test, users: userIds };
}

/** Reference values of the implicit library under P1. */
export function loadPeers(): { models: Record<string, { trec_eval?: Record<string, number>; metrics?: Record<string, number>; train_seconds_median?: Record<string, number>; recommend_all_users_seconds_median?: Record<string, number> }> } {
  return JSON.parse(readFileSync(join(P1_DIR, 'peers.json'), 'utf8')) as ReturnType<typeof loadPeers>;
}

/** A peer's top-10 lists (`recs_<model>.tsv`: raw user id, then item ids best first), by user. */
export function loadPeerLists(model: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readFileSync(join(P1_DIR, `recs_${model}.tsv`), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const [user, ...items] = line.split('\t');
    out.set(user!, items);
  }
  return out;
}
