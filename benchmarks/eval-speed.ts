/**
 * Full offline evaluation speed (DESIGN.md 9): `evaluate()` on the generated set of MovieLens-1M's
 * shape (6040 users, 3706 items, about 1M interactions; benchmarks/ml1m-shape.ts), full ranking
 * (every product minus the user's training items goes through `recommend()`), every metric of the
 * registry at k = 10, two models (iALS with 64 factors and 15 iterations, popularity). Target: the
 * whole `evaluate()` call under 10 s.
 *
 * The generator's seeded per-user 80/20 split becomes a temporal split: training events at one
 * time, held-out events at a later one, cut between them. Its single merchant is spread over 100
 * merchants of falling size (so the fairness reranker and the merchant metrics have work to do),
 * and `ild` gets seeded 16-dimensional item vectors (the generated products have no text).
 *
 * Run alone: `node --import tsx benchmarks/eval-speed.ts`.
 */
import { pathToFileURL } from 'node:url';
import { Rng } from '../src/_internal/rng.js';
import type { Event, MarketplaceData, Product } from '../src/index.js';
import { availableParallelism, loadavg } from 'node:os';
import { createMetric, evaluate, evaluateAsync, METRIC_NAMES, type EvalReport, type EvaluateOptions } from '../src/evaluation/index.js';
import { createThreadPool } from '../src/node/index.js';
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';
import { splitThreadCpu, threadCpuSeconds, type ThreadCpuSplit } from './_thread-cpu.js';
import { IALS_P1 } from './ials-speed.js';
import { generateShaped, ML1M_SHAPE } from './ml1m-shape.js';

/** Target of DESIGN.md 9 for the whole evaluation, seconds. */
export const EVAL_TARGET_SECONDS = 10;
/** Repetitions of each evaluation (interleaved). */
const REPS = 3;
/** Worker threads of the threaded run. */
const THREADS = 2;
/** Metric cut-off. */
const K = 10;
/** Every registry metric but the propensity-corrected ones (they need a propensity model the generated set has no data for). */
const METRICS = METRIC_NAMES.filter((name) => createMetric(name, K).kind !== 'corrected');
/** Merchants the generated catalogue is spread over. */
const MERCHANTS = 100;
/** Dimensions of the seeded item vectors `ild` reads. */
const VECTOR_DIMS = 16;
/** Times of the training and the held-out events (epoch ms); the split cuts at the first. */
const TRAIN_AT = Date.UTC(2026, 0, 1);
const TEST_AT = Date.UTC(2026, 1, 1);

/** The generated set as marketplace records plus the item vectors for `ild`. */
export interface EvalSpeedData {
  readonly data: MarketplaceData;
  readonly itemVector: (item: string | number) => Float32Array | undefined;
}

/**
 * Builds the marketplace records of the ML-1M-shaped set: products with merchants of falling
 * size (merchant of item i = floor(100 (i / items)^2)), training events from the generated
 * training rows at `TRAIN_AT`, held-out items at `TEST_AT`.
 */
export function evalSpeedData(): EvalSpeedData {
  const shaped = generateShaped(ML1M_SHAPE);
  const ds = shaped.dataset;
  const items = ds.products.size;
  const products: Product[] = ds.productRecords.map((p, i) => ({ ...p, merchantId: `m${Math.floor(MERCHANTS * (i / items) ** 2)}` }));
  const merchants = [...new Set(products.map((p) => p.merchantId))].map((id) => ({ id, name: id }));
  const events: Event[] = [];
  const m = ds.interactions;
  for (let u = 0; u < m.rows; u++) {
    const userId = ds.users.idAt(u);
    for (let e = m.indptr[u]!; e < m.indptr[u + 1]!; e++) {
      events.push({ userId, productId: ds.products.idAt(m.indices[e]!), type: 'rating', timestamp: TRAIN_AT, weight: 1 });
    }
  }
  for (const [userId, held] of shaped.test) {
    for (const productId of held) events.push({ userId, productId, type: 'rating', timestamp: TEST_AT, weight: 1 });
  }
  const rng = new Rng(7);
  const vectors = new Map<string, Float32Array>();
  for (const p of products) vectors.set(p.id, Float32Array.from({ length: VECTOR_DIMS }, () => rng.next()));
  return { data: { products, merchants, events, topics: [] }, itemVector: (item) => vectors.get(String(item)) };
}

/** One evaluation: the report, its wall and CPU seconds, and CPU seconds per run and phase. */
export interface EvalSpeedRun {
  readonly report: EvalReport;
  readonly seconds: number;
  readonly cpuSeconds: number;
  /** Process CPU seconds by `run/phase`, e.g. `ials/recommend`. */
  readonly phaseCpu: ReadonlyMap<string, number>;
  /** CPU seconds by kind of thread (Linux only). */
  readonly threadCpu: ThreadCpuSplit | undefined;
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** The evaluation's options (both models, every metric at k); `onProgress` records phase CPU times. */
function evalOptions(set: EvalSpeedData, phaseCpu: Map<string, number>): EvaluateOptions {
  let started = 0;
  return {
    dataset: { name: 'ml-1m-shape', data: set.data },
    split: { strategy: 'temporal', cutoff: TRAIN_AT },
    models: [
      { name: 'ials', config: { signals: [{ type: 'ials', ...IALS_P1 }] } },
      { name: 'popularity', config: { signals: [{ type: 'popularity' }] } },
    ],
    metrics: METRICS,
    k: K,
    metricContext: { itemVector: set.itemVector },
    // Phases start at done 0 and end at done = total: process CPU time in between.
    onProgress: (p) => {
      if (p.done === 0) started = cpuNow();
      else if (p.done === p.total) phaseCpu.set(`${p.run}/${p.phase}`, cpuNow() - started);
    },
  };
}

/**
 * Runs the evaluation once: `evaluate()` on the calling thread, or with `threads` the async form
 * on a new pool of that many workers (what `evaluateWithThreads` does; the pool closes after the
 * per-thread CPU is read). Process CPU time counts every thread.
 */
export async function runEvaluation(set: EvalSpeedData, threads?: number): Promise<EvalSpeedRun> {
  const phaseCpu = new Map<string, number>();
  const options = evalOptions(set, phaseCpu);
  const before = threadCpuSeconds();
  const cpu = cpuNow();
  const t = performance.now();
  const pool = threads === undefined ? undefined : createThreadPool({ threads });
  try {
    const report = pool === undefined ? evaluate(options) : await evaluateAsync(options, { runner: pool });
    const seconds = (performance.now() - t) / 1000;
    const cpuSeconds = cpuNow() - cpu;
    const after = threadCpuSeconds();
    const threadCpu = before === undefined || after === undefined ? undefined : splitThreadCpu(before, after);
    return { report, seconds, cpuSeconds, phaseCpu, threadCpu };
  } finally {
    await pool?.close();
  }
}

const s = (x: number): string => x.toFixed(2);

/** Runs the benchmark; returns the Markdown section. */
export async function run(): Promise<string> {
  const t = performance.now();
  const set = evalSpeedData();
  const prepare = (performance.now() - t) / 1000;
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' / ');
  // Interleaved repetitions; the fastest of each is the one least disturbed by other jobs.
  const singles: EvalSpeedRun[] = [];
  const threadeds: EvalSpeedRun[] = [];
  for (let r = 0; r < REPS; r++) {
    singles.push(await runEvaluation(set));
    threadeds.push(await runEvaluation(set, THREADS));
  }
  const fastest = (runs: EvalSpeedRun[]): EvalSpeedRun => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const single = fastest(singles);
  const threaded = fastest(threadeds);
  const loadAfter = loadavg().map((l) => l.toFixed(2)).join(' / ');
  const withoutTimings = (r: EvalReport): string => JSON.stringify({ ...r, runs: r.runs.map((run) => ({ ...run, timings: undefined })) });
  const same = withoutTimings(single.report) === withoutTimings(threaded.report);
  const { report, seconds, cpuSeconds, phaseCpu } = single;
  const users = report.users?.length ?? 0;
  const rows: string[][] = [];
  let phases = 0;
  let phasesCpu = 0;
  for (const r of report.runs) {
    const wall = (phase: string): number => r.timings[phase] ?? Number.NaN;
    const cpu = (phase: string): number => phaseCpu.get(`${r.name}/${phase}`) ?? Number.NaN;
    const both = (phase: string): string => `${s(wall(phase))} (${s(cpu(phase))})`;
    const total = wall('fit') + wall('recommend') + wall('metrics');
    const totalCpu = cpu('fit') + cpu('recommend') + cpu('metrics');
    phases += total;
    phasesCpu += totalCpu;
    rows.push([
      r.name,
      both('fit'),
      both('recommend'),
      ((cpu('recommend') / users) * 1000).toFixed(3),
      both('metrics'),
      `${s(total)} (${s(totalCpu)})`,
      (r.metrics['ndcg@10']?.mean ?? Number.NaN).toFixed(4),
    ]);
  }
  rows.push(['shared: split, relevance, metric context, training dataset', '', '', '', '', `${s(seconds - phases)} (${s(cpuSeconds - phasesCpu)})`, '']);
  rows.push(['**whole evaluate()**', '', '', '', '', `**${s(seconds)} (${s(cpuSeconds)})**`, '']);
  const met = threaded.seconds < EVAL_TARGET_SECONDS;
  const ialsFit = phaseCpu.get('ials/fit') ?? Number.NaN;
  const recommendWall = (r: EvalSpeedRun): number => r.report.runs.reduce((sum, run) => sum + (run.timings.recommend ?? Number.NaN), 0);
  const byThread = (r: EvalSpeedRun): string => (r.threadCpu === undefined ? 'n/a' : `${s(r.threadCpu.calling)} / ${s(r.threadCpu.started)} / ${s(r.threadCpu.helpers)}`);
  // No run can take less wall time than its calling thread's CPU, nor than all its CPU spread over every core.
  const cores = availableParallelism();
  const floor = (r: EvalSpeedRun): number => Math.max(r.threadCpu?.calling ?? Number.NaN, r.cpuSeconds / cores);
  return [
    `## Full offline evaluation, ML-1M shape (${report.dataset.users} users, ${report.dataset.items} items, ${report.dataset.interactions.toLocaleString('en-US')} interactions)`,
    '',
    `\`evaluate()\` with a temporal split (the generator's seeded per-user 80/20 split: ${report.split.trainEvents.toLocaleString('en-US')} train, ${report.split.testEvents.toLocaleString('en-US')} test events), full ranking of the catalogue minus each user's training items through the recommender's pipeline for ${users} test users, all ${report.runs[0]?.metrics === undefined ? 0 : Object.keys(report.runs[0].metrics).length} registry metrics without a propensity model at k=${K} (ild on seeded 16-d item vectors), ${MERCHANTS} merchants, default fairness rerank and sequential ledger. iALS: 64 factors, 15 iterations, 3 CG steps. Seconds: wall clock (process CPU time in brackets; the machine is shared, so CPU is the steadier figure); ms / user is CPU; generating the set (${s(prepare)} s) is not counted; the fastest of ${REPS} runs.`,
    '',
    markdownTable(['run', 'fit s', 'recommend s', 'ms / user', 'metrics s', 'total s', 'NDCG@10'], rows),
    '',
    `Whole \`evaluate()\` call on one thread (the baseline, same run, fastest of ${REPS}): ${s(seconds)} s wall, ${s(cpuSeconds)} s CPU; the iALS fit takes ${s(ialsFit)} s CPU of it, everything else ${s(cpuSeconds - ialsFit)} s.`,
    '',
    `With a pool of worker threads the fits run on the workers, and so does each user's request up to the rerank (candidates, scores, blend); the rerank and the ledger record stay on the calling thread, users in order, so the report is the one-thread report.`,
    '',
    markdownTable(
      ['evaluation', 'wall s', 'CPU s (all threads)', 'CPU s: calling / started / runtime helper threads', 'cores used (CPU / wall)', 'wall floor on an idle machine, s', 'iALS fit wall s', 'recommend wall s (both runs)'],
      [
        ['\`evaluate()\`, one thread', s(seconds), s(cpuSeconds), byThread(single), s(cpuSeconds / seconds), s(floor(single)), s(report.runs[0]?.timings.fit ?? Number.NaN), s(recommendWall(single))],
        [`\`evaluateAsync(options, { runner: createThreadPool({ threads: ${THREADS} }) })\` (= \`evaluateWithThreads\`)`, s(threaded.seconds), s(threaded.cpuSeconds), byThread(threaded), s(threaded.cpuSeconds / threaded.seconds), s(floor(threaded)), s(threaded.report.runs[0]?.timings.fit ?? Number.NaN), s(recommendWall(threaded))],
      ],
    ),
    '',
    `CPU by thread (from /proc/self/task): the calling thread; the threads started during the run (the ${THREADS} workers, and tsx's module loader thread as the benchmark runs from TypeScript sources); the runtime's helper threads (garbage collection, compilation). The wall floor is the larger of the calling thread's CPU and all the CPU over the ${cores} cores: no schedule on an idle machine beats it (a bound, not a measurement).`,
    '',
    `${THREADS} threads (fastest of ${REPS}, interleaved with the one-thread runs): ${s(threaded.seconds)} s wall (${(seconds / threaded.seconds).toFixed(2)}x the one-thread run), target < ${EVAL_TARGET_SECONDS} s wall: **${met ? 'met' : 'missed'}**; the same report as the one-thread run (timings apart): ${same ? 'yes' : 'NO'}. Load average (1 / 5 / 15 min) before ${loadBefore}, after ${loadAfter}: other jobs on the machine take CPU from this process (cores used: the one-thread run got ${s(cpuSeconds / seconds)} of its one core, the threaded run ${s(threaded.cpuSeconds / threaded.seconds)} cores for its ${THREADS} workers and the calling thread on a ${THREADS}-core machine), and the wall clock follows.`,
    '',
    caption('npm run bench -- eval-speed'),
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
