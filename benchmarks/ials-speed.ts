/**
 * iALS training speed (DESIGN.md 9): 64 factors, 15 iterations, 3 CG steps, single-threaded,
 * against the implicit library's C++ time with 1 thread (0.32 s on MovieLens 100K under P1), and
 * on a generated set of MovieLens-1M's shape. implicit was not run on the generated set, so its
 * time there is estimated from its P1 time scaled by the CG solver's arithmetic (both libraries
 * run the same algorithm: per row (steps + 1) products with YtY and with the row's items).
 */
import { createIals, createPopularity, type Dataset } from '../src/index.js';
import { caption } from './_machine.js';
import { fmt, markdownTable } from './_markdown.js';
import { measure, medianTiming, type Timing } from './_timing.js';
import { generateShaped, ML1M_SHAPE } from './ml1m-shape.js';
import { loadP1, loadPeers } from './p1-data.js';
import { scoreLists, topLists } from './top-lists.js';

/** The P1 iALS settings of peers.json. */
export const IALS_P1 = { factors: 64, regularization: 0.05, alpha: 40, iterations: 15, cgSteps: 3, seed: 42 } as const;

/** Multiply-adds of one iALS fit under the CG solver (Gram matrices, YtY products, sparse part). */
export function ialsWork(dataset: Dataset, k: number, iterations: number, cgSteps: number): number {
  const rows = dataset.users.size + dataset.products.size;
  const nnz = dataset.interactions.indptr[dataset.users.size]!;
  return iterations * (rows * ((k * k) / 2) + (cgSteps + 1) * (rows * k * k + 2 * 2 * k * nnz));
}

interface SpeedRow {
  readonly label: string;
  readonly dataset: Dataset;
  readonly test: ReadonlyMap<string, ReadonlySet<string>>;
  /** Seeds of the fits: the first is the reference seed 42; each fit is timed and scored. */
  readonly seeds: readonly number[];
}

/** Runs the speed benchmark; returns the Markdown section. */
export async function run(): Promise<string> {
  const peers = loadPeers().models;
  const refTime = peers.ALS?.train_seconds_median?.['1'] ?? 0.3188;
  const refNdcg = peers.ALS?.trec_eval?.ndcg_cut_10 ?? 0.2628;
  const p1 = loadP1();
  const shaped = generateShaped(ML1M_SHAPE);
  const sets: SpeedRow[] = [
    { label: 'MovieLens 100K, P1', dataset: p1.dataset, test: p1.test, seeds: [42, 1, 2, 3, 4, 5, 6, 7] },
    { label: 'ML-1M shape (generated)', dataset: shaped.dataset, test: shaped.test, seeds: [42, 1] },
  ];
  const p1Work = ialsWork(p1.dataset, IALS_P1.factors, IALS_P1.iterations, IALS_P1.cgSteps);
  const rows: string[][] = [];
  for (const set of sets) {
    const ds = set.dataset;
    ds.itemUsers(); // the transpose is part of the dataset, built once
    const times: Timing[] = [];
    const ndcgs: number[] = [];
    for (const seed of set.seeds) {
      const model = createIals({ ...IALS_P1, seed });
      times.push(measure(() => model.fit(ds)));
      ndcgs.push(scoreLists(topLists(model, ds, 10).lists, ds, set.test).get('ndcg@10')!);
    }
    const t = medianTiming(times);
    const ndcg = ndcgs[0]!;
    const mean = ndcgs.reduce((a, b) => a + b, 0) / ndcgs.length;
    const spread = `${fmt(mean)} (${fmt(Math.min(...ndcgs))} to ${fmt(Math.max(...ndcgs))}, ${ndcgs.length} seeds)`;
    const pop = createPopularity({ measure: 'users' });
    pop.fit(ds);
    const popNdcg = scoreLists(topLists(pop, ds, 10).lists, ds, set.test).get('ndcg@10')!;
    const work = ialsWork(ds, IALS_P1.factors, IALS_P1.iterations, IALS_P1.cgSteps);
    const isP1 = set.dataset === p1.dataset;
    const ref = isP1 ? refTime : (refTime * work) / p1Work;
    const r = (t.cpuMs / 1000) / ref;
    rows.push([
      set.label,
      `${ds.users.size} x ${ds.products.size}, ${ds.interactions.indptr[ds.users.size]!.toLocaleString('en-US')} train`,
      (t.cpuMs / 1000).toFixed(3),
      (t.wallMs / 1000).toFixed(3),
      isP1 ? ref.toFixed(3) : `${ref.toFixed(2)} (est.)`,
      `${r.toFixed(2)}x ${r <= 1.5 ? '(met)' : '(missed)'}`,
      ((work / 1e9) / (t.cpuMs / 1000)).toFixed(2),
      fmt(ndcg),
      spread,
      isP1 ? `${fmt(refNdcg)}: seed 42 ${(ndcg / refNdcg).toFixed(3)}x, seed mean ${(mean / refNdcg).toFixed(3)}x` : 'n/a',
      fmt(popNdcg),
    ]);
  }
  return [
    '## iALS training speed (64 factors, reg 0.05, alpha 40, 15 iterations, 3 CG steps)',
    '',
    `Our fit is single-threaded; times are medians of ${sets.map((s) => s.seeds.length).join('/')} fits (one per seed), CPU = process CPU time, wall = elapsed (the machine is shared). Target: CPU time <= 1.5x implicit's 1-thread time (${refTime} s on P1), NDCG@10 >= implicit's. GMAC/s = the CG solver's multiply-adds (${(p1Work / 1e9).toFixed(2)} G on P1) per CPU second. NDCG@10: P1's split; the generated set uses its own seeded 80/20 per-user split (popularity beside it for scale).`,
    '',
    markdownTable(['data', 'users x items, interactions', 'train CPU s', 'wall s', 'implicit 1 thread s', 'ratio (target 1.5x)', 'GMAC/s', 'NDCG@10 (seed 42)', 'NDCG@10 over seeds: mean (min to max)', 'implicit NDCG@10', 'popularity NDCG@10'], rows),
    '',
    caption('npm run bench -- ials-speed'),
    '',
  ].join('\n');
}
