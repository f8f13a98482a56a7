/**
 * iALS training speed (DESIGN.md 9 and issue 16): 64 factors, 15 iterations, 3 CG steps.
 * Measured in one run on this machine: the fit on one core (process CPU time) with the
 * WebAssembly SIMD kernel against the TypeScript kernel it replaced (the same bits, the same
 * NDCG), on MovieLens 100K under P1 and on the generated set of MovieLens-1M's shape; the cost
 * per doubling of factors; 1 vs 2 worker threads (wall clock, with the machine's load); and
 * recommend-all-users (top 10, train items excluded). The implicit library's figures are quoted
 * with their machine and date, never as same-run figures.
 */
import { loadavg } from 'node:os';
import { useWasmKernels } from '../src/_internal/linalg/cg-row-wasm.js';
import type { Dataset } from '../src/index.js';
import { createIals } from '../src/signals/ials.js';
import { createThreadPool } from '../src/node/index.js';
import { caption } from './_machine.js';
import { fmt, markdownTable } from './_markdown.js';
import { measure, median, medianTiming, type Timing } from './_timing.js';
import { generateShaped, ML1M_SHAPE } from './ml1m-shape.js';
import { loadP1, loadPeers } from './p1-data.js';
import { scoreLists, topLists } from './top-lists.js';

/** The P1 iALS settings of peers.json. */
export const IALS_P1 = { factors: 64, regularization: 0.05, alpha: 40, iterations: 15, cgSteps: 3, seed: 42 } as const;

/**
 * implicit 0.7.2 (CPU, built from source), one thread, process CPU time, measured side by side
 * with our previous kernel by a colleague on an Intel Xeon with 2 vCPUs, Node 20.20, 2026-11
 * (issue 16). Quoted, not measured here.
 */
export const IMPLICIT_XEON = {
  label: 'implicit 0.7.2, Intel Xeon 2 vCPUs, 2026-11 (issue 16; quoted)',
  p1: 0.32,
  ml1m: 2.57,
  ml1mByFactors: new Map([
    [32, 1.7],
    [64, 2.6],
    [128, 3.8],
  ]),
  recommendAllMl1m: 0.3,
} as const;

/** Multiply-adds of one iALS fit under the CG solver (Gram matrices, YtY products, sparse part). */
export function ialsWork(dataset: Dataset, k: number, iterations: number, cgSteps: number): number {
  const rows = dataset.users.size + dataset.products.size;
  const nnz = dataset.interactions.indptr[dataset.users.size]!;
  return iterations * (rows * ((k * k) / 2) + (cgSteps + 1) * (rows * k * k + 2 * 2 * k * nnz));
}

/** Fits once on the calling thread; CPU and wall time. */
function timeFit(ds: Dataset, wasm: boolean, factors: number = IALS_P1.factors, seed: number = IALS_P1.seed): { t: Timing; model: ReturnType<typeof createIals> } {
  useWasmKernels(wasm);
  const model = createIals({ ...IALS_P1, factors, seed });
  const t = measure(() => void model.fit(ds));
  useWasmKernels(true);
  return { t, model };
}

/** Interleaved repetitions of the 1- and 2-thread fits. */
const THREAD_REPS = 5;

const sec = (ms: number): string => (ms / 1000).toFixed(3);
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' / ');

/** Runs the benchmark; returns the Markdown section. */
export async function run(): Promise<string> {
  const peers = loadPeers().models;
  const refNdcg = peers.ALS?.trec_eval?.ndcg_cut_10 ?? 0.2628;
  const peerP1 = peers.ALS?.train_seconds_median?.['1'];
  const p1 = loadP1();
  const shaped = generateShaped(ML1M_SHAPE);
  const sets = [
    { label: 'MovieLens 100K, P1', ds: p1.dataset, test: p1.test, reps: 5, implicit: IMPLICIT_XEON.p1 },
    { label: 'ML-1M shape (generated)', ds: shaped.dataset, test: shaped.test, reps: 2, implicit: IMPLICIT_XEON.ml1m },
  ];
  const loadBefore = load();
  const perCore: string[][] = [];
  const recAll: string[][] = [];
  for (const set of sets) {
    const ds = set.ds;
    ds.itemUsers(); // the transpose is part of the dataset, built once
    const tsTimes: Timing[] = [];
    const wasmTimes: Timing[] = [];
    let tsModel: ReturnType<typeof createIals> | undefined;
    let wasmModel: ReturnType<typeof createIals> | undefined;
    // Interleaved: previous kernel, new kernel, previous, ...
    for (let r = 0; r < set.reps; r++) {
      const a = timeFit(ds, false);
      tsTimes.push(a.t);
      tsModel = a.model;
      const b = timeFit(ds, true);
      wasmTimes.push(b.t);
      wasmModel = b.model;
    }
    const same = Buffer.compare(Buffer.from(tsModel!.userFactors.buffer), Buffer.from(wasmModel!.userFactors.buffer)) === 0;
    const ndcg = (m: ReturnType<typeof createIals>): number => scoreLists(topLists(m, ds, 10).lists, ds, set.test).get('ndcg@10')!;
    const ts = medianTiming(tsTimes);
    const ws = medianTiming(wasmTimes);
    const work = ialsWork(ds, IALS_P1.factors, IALS_P1.iterations, IALS_P1.cgSteps);
    const wasmNdcg = ndcg(wasmModel!);
    perCore.push([
      set.label,
      `${ds.users.size} x ${ds.products.size}, ${ds.interactions.indptr[ds.users.size]!.toLocaleString('en-US')}`,
      sec(ts.cpuMs),
      sec(ws.cpuMs),
      `${(ts.cpuMs / ws.cpuMs).toFixed(2)}x`,
      ((work / 1e9) / (ws.cpuMs / 1000)).toFixed(2),
      `${fmt(ndcg(tsModel!))} / ${fmt(wasmNdcg)}${same ? ' (same factors)' : ' (FACTORS DIFFER)'}`,
      `${set.implicit.toFixed(2)} (${(ws.cpuMs / 1000 / set.implicit).toFixed(2)}x)`,
    ]);
    // Recommend all users, top 10 with the train items excluded (topN of the signal), CPU time.
    const rec = median([0, 1, 2].map(() => measure(() => void topLists(wasmModel!, ds, 10)).cpuMs));
    recAll.push([set.label, sec(rec), set.label.startsWith('ML-1M') ? `${IMPLICIT_XEON.recommendAllMl1m.toFixed(2)} (${(rec / 1000 / IMPLICIT_XEON.recommendAllMl1m).toFixed(2)}x)` : `${fmt(peers.ALS?.recommend_all_users_seconds_median?.['1'], 3)} (peers.json)`]);
  }

  // Cost per doubling of factors, ML-1M shape, new kernel, one fit each.
  const ml1m = shaped.dataset;
  const growth: string[][] = [];
  let previous: number | undefined;
  for (const k of [32, 64, 128]) {
    const { t } = timeFit(ml1m, true, k);
    const implicit = IMPLICIT_XEON.ml1mByFactors.get(k)!;
    growth.push([String(k), sec(t.cpuMs), previous === undefined ? '' : `${(t.cpuMs / previous).toFixed(2)}x`, implicit.toFixed(1)]);
    previous = t.cpuMs;
  }
  const implicitGrowth = `${(2.6 / 1.7).toFixed(2)}x, ${(3.8 / 2.6).toFixed(2)}x`;

  // Threads: wall clock of the fit on pools of 1 and 2 workers (started beforehand), interleaved;
  // the best of the repetitions is the one least disturbed by other jobs on the machine.
  const pools = [createThreadPool({ threads: 1 }), createThreadPool({ threads: 2 })];
  const walls: number[][] = [[], []];
  const cpus: number[][] = [[], []];
  try {
    for (const pool of pools) await createIals({ ...IALS_P1, iterations: 1 }).fit(ml1m, { runner: pool });
    for (let r = 0; r < THREAD_REPS; r++) {
      for (let i = 0; i < pools.length; i++) {
        const model = createIals(IALS_P1);
        const c = process.cpuUsage();
        const t = performance.now();
        await model.fit(ml1m, { runner: pools[i]! });
        walls[i]!.push(performance.now() - t);
        const d = process.cpuUsage(c);
        cpus[i]!.push((d.user + d.system) / 1000);
      }
    }
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
  const best = walls.map((w) => Math.min(...w));
  const threadRows = pools.map((pool, i) => [
    String(pool.threads),
    sec(best[i]!),
    sec(median(walls[i]!)),
    sec(median(cpus[i]!)),
    i === 0 ? 'baseline' : `${(best[0]! / best[i]!).toFixed(2)}x (median ${(median(walls[0]!) / median(walls[i]!)).toFixed(2)}x)`,
  ]);
  const loadAfter = load();

  return [
    '## iALS training speed (64 factors, reg 0.05, alpha 40, 15 iterations, 3 CG steps)',
    '',
    `One core, process CPU time (medians of ${sets.map((s) => s.reps).join('/')} interleaved fits). Baseline measured in this run: the TypeScript kernel, which the WebAssembly SIMD kernel replaces with the same arithmetic (same factors bit for bit, hence the same NDCG@10; P1 NDCG@10 of implicit's own lists: ${fmt(refNdcg)}). GMAC/s = the CG solver's multiply-adds per CPU second. The implicit column is quoted from another machine (${IMPLICIT_XEON.label}${peerP1 === undefined ? '' : `; peers.json, 2-core x86-64 CI machine: ${peerP1} s on P1`}): its ratio is not a same-run figure.`,
    '',
    markdownTable(['data', 'users x items, train', 'TypeScript kernel CPU s', 'WebAssembly SIMD CPU s', 'speed-up', 'GMAC/s', 'NDCG@10 (TS / SIMD)', 'implicit 1 thread s, quoted (ours / it)'], perCore),
    '',
    '### Cost per doubling of factors (ML-1M shape, WebAssembly kernel, one fit each, CPU s)',
    '',
    markdownTable(['factors', 'CPU s', 'vs half the factors', 'implicit s, quoted'], growth),
    '',
    `Target: at most 1.6x per doubling (implicit, quoted: ${implicitGrowth}). Our work per row is k^2 (the Gram product per CG step) plus k per interaction, both computed in full; implicit's smaller growth comes from fixed costs per BLAS call that dominate at small k.`,
    '',
    `### Threads (ML-1M shape, wall clock of the fit over ${THREAD_REPS} interleaved repetitions, workers started beforehand; same factors for any count)`,
    '',
    markdownTable(['threads', 'best wall s', 'median wall s', 'CPU s, all threads', 'speed-up (best wall)'], threadRows),
    '',
    `Load average (1 / 5 / 15 min) before: ${loadBefore}; after: ${loadAfter}. Other jobs on the machine take cores from the threads: the wall-clock speed-up is only meaningful with a load below about 0.5; the CPU column (every thread's time) shows what the threads cost beyond one.`,
    '',
    '### Recommend all users, top 10 (the signal\'s topN with train items excluded, CPU s, median of 3)',
    '',
    markdownTable(['data', 'CPU s', 'implicit s, quoted (ours / it)'], recAll),
    '',
    caption('npm run bench -- ials-speed'),
    '',
  ].join('\n');
}
