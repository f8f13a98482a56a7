/**
 * Protocol P1 on MovieLens 100K (../shared/vectors/ml100k-p1): each model trained on P1's train
 * split, every user's top 10 from the signal's `topN` with train items excluded, scored with the
 * project's metrics beside the implicit library's reference values (peers.json), plus training
 * and recommend-all-users times beside implicit's (1 thread).
 */
import { createEase } from '../src/signals/ease.js';
import { createIals } from '../src/signals/ials.js';
import { createItemKnn } from '../src/signals/item-knn.js';
import { createPopularity } from '../src/signals/popularity.js';
import type { Signal } from '../src/signals/signal.js';
import { caption } from './_machine.js';
import { IMPLICIT_SIDE_BY_SIDE } from './ials-speed.js';
import { fmt, markdownTable, ratio } from './_markdown.js';
import { measure, medianTiming, type Timing } from './_timing.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadP1, loadPeerLists, loadPeers, P1_DIR } from './p1-data.js';

/** The machine peers.json names for implicit's timings. */
function loadPeersMachine(): string {
  const peers = JSON.parse(readFileSync(join(P1_DIR, 'peers.json'), 'utf8')) as { implicit?: { machine?: string } };
  return peers.implicit?.machine ?? 'an unnamed machine';
}
import { P1_METRICS, scoreLists, scoreRanked, topLists } from './top-lists.js';

/** One model of the comparison: our signal, its peer in peers.json and the quality bar. */
interface P1Model {
  readonly label: string;
  readonly peer: string;
  readonly make: () => Signal;
  /** NDCG@10 must reach `factor * peer NDCG@10` (or lie within `tolerance` of it when set). */
  readonly bar: { readonly factor?: number; readonly tolerance?: number };
  readonly trainReps: number;
}

/** The models of P1 with the reference settings of peers.json. */
export const P1_MODELS: readonly P1Model[] = [
  {
    label: 'iALS (64 f, reg 0.05, alpha 40, 15 it, 3 CG)',
    peer: 'ALS',
    make: () => createIals({ factors: 64, regularization: 0.05, alpha: 40, iterations: 15, cgSteps: 3, seed: 42 }),
    bar: { factor: 0.98 },
    trainReps: 3,
  },
  { label: 'item-kNN (cosine, K=100)', peer: 'ItemKNN', make: () => createItemKnn({ neighbours: 100, shrinkage: 0, binary: true }), bar: { factor: 0.98 }, trainReps: 3 },
  { label: 'popularity (users)', peer: 'Pop', make: () => createPopularity({ measure: 'users' }), bar: { tolerance: 0.01 }, trainReps: 5 },
  { label: 'EASE (lambda 500)', peer: 'EASE_numpy_reference', make: () => createEase({ regularization: 500, binary: true }), bar: { factor: 0.98 }, trainReps: 1 },
];

/** Column of peers.json for each of our metric labels. */
const TREC: ReadonlyMap<string, string> = new Map([
  ['ndcg@10', 'ndcg_cut_10'],
  ['recall@10', 'recall_10'],
  ['precision@10', 'P_10'],
  ['map@10', 'map_cut_10'],
  ['mrr@10', 'recip_rank'],
  ['hit-rate@10', 'success_10'],
]);

/** Runs P1 for every model; returns the Markdown section. */
export async function run(): Promise<string> {
  const p1 = loadP1();
  const peers = loadPeers().models;
  const quality: string[][] = [];
  const speed: string[][] = [];
  const shown = ['ndcg@10', 'recall@10', 'precision@10', 'map@10'] as const;
  for (const model of P1_MODELS) {
    const peer = peers[model.peer];
    const ref = (label: string): number | undefined => peer?.trec_eval?.[TREC.get(label)!] ?? peer?.metrics?.[label];
    let signal = model.make();
    const train: Timing[] = [];
    for (let r = 0; r < model.trainReps; r++) {
      signal = model.make();
      const s = signal;
      train.push(measure(() => s.fit(p1.dataset)));
    }
    const recTimes: Timing[] = [];
    let lists = topLists(signal, p1.dataset, 10);
    for (let r = 0; r < 3; r++) {
      const s = signal;
      recTimes.push(measure(() => (lists = topLists(s, p1.dataset, 10))));
    }
    const scores = scoreLists(lists.lists, p1.dataset, p1.test);
    const ndcg = scores.get('ndcg@10')!;
    const refNdcg = ref('ndcg@10');
    let verdict = 'n/a';
    if (refNdcg !== undefined) {
      if (model.bar.factor !== undefined) verdict = ndcg >= model.bar.factor * refNdcg ? `pass (>= ${fmt(model.bar.factor * refNdcg)})` : `FAIL (< ${fmt(model.bar.factor * refNdcg)})`;
      else if (model.bar.tolerance !== undefined) verdict = Math.abs(ndcg / refNdcg - 1) <= model.bar.tolerance ? 'pass (within 1%)' : 'FAIL (not within 1%)';
    }
    const row = [model.label];
    for (const label of shown) {
      const v = scores.get(label)!;
      row.push(fmt(v), fmt(ref(label)), ratio(v, ref(label), 3));
    }
    row.push(verdict);
    quality.push(row);
    const trainT = medianTiming(train);
    const recT = medianTiming(recTimes);
    const refTrain = peer?.train_seconds_median?.['1'];
    const refRec = peer?.recommend_all_users_seconds_median?.['1'];
    const s = (ms: number): string => (ms / 1000).toFixed(3);
    speed.push([
      model.label,
      s(trainT.cpuMs),
      s(trainT.wallMs),
      fmt(refTrain, 3),
      ratio(trainT.cpuMs / 1000, refTrain),
      s(recT.cpuMs),
      s(recT.wallMs),
      fmt(refRec, 3),
      ratio(recT.cpuMs / 1000, refRec),
    ]);
  }
  // Our metric code on implicit's own lists must give peers.json's trec_eval values.
  const check: string[][] = [];
  for (const model of P1_MODELS) {
    const trec = peers[model.peer]?.trec_eval;
    if (trec === undefined) continue;
    const ours = scoreRanked(loadPeerLists(model.peer), p1.test);
    let worst = 0;
    for (const [label, column] of TREC) worst = Math.max(worst, Math.abs(ours.get(label)! - trec[column]!));
    check.push([model.peer, fmt(ours.get('ndcg@10')), fmt(trec.ndcg_cut_10), worst.toExponential(1), worst < 1e-9 ? 'match' : 'MISMATCH']);
  }
  const headers = ['model'];
  for (const label of shown) headers.push(label, 'implicit', 'ratio');
  headers.push('bar (NDCG@10)');
  return [
    '## Protocol P1 on MovieLens 100K: quality beside the implicit library',
    '',
    `Every user's top 10 by the signal's \`topN\` with its train items excluded; metrics from the project's \`evaluateLists\` (${P1_METRICS.slice(0, 4).join(', ')}), averaged over the users with test items as trec_eval does. Reference: implicit 0.7.2 (EASE: the numpy reference of peers.json, not implicit).`,
    '',
    markdownTable(headers, quality),
    '',
    `Times in seconds, medians of ${P1_MODELS.map((m) => m.trainReps).join('/')} trainings and 3 recommend-all passes (top 10 of all 943 users). Ours is single-threaded; CPU = process CPU time (robust on a shared machine), wall = elapsed. The implicit columns are quoted from peers.json (implicit 0.7.2, 1 thread, on ${loadPeersMachine()}), not measured in this run: the ratios compare our CPU time with a figure from another machine. On this machine implicit's iALS was measured by hand (quoted, not a same-run figure; how: the iALS speed benchmark): train ${IMPLICIT_SIDE_BY_SIDE.p1.toFixed(3)} s, recommend-all ${IMPLICIT_SIDE_BY_SIDE.recommendAllP1.toFixed(3)} s CPU.`,
    '',
    markdownTable(['model', 'train CPU s', 'train wall s', 'implicit (quoted)', 'ratio', 'rec-all CPU s', 'rec-all wall s', 'implicit (quoted)', 'ratio'], speed),
    '',
    `Check: the project's metrics on implicit's own top-10 lists (recs_<model>.tsv) against trec_eval's values in peers.json, largest difference over ${[...TREC.keys()].join(', ')}.`,
    '',
    markdownTable(['implicit model', 'our ndcg@10 of its lists', 'trec_eval ndcg_cut_10', 'max abs difference', 'verdict'], check),
    '',
    caption('npm run bench -- p1-quality'),
    '',
  ].join('\n');
}
