/**
 * DESIGN.md 9: exact top-n over the full catalogue must cost at most 1.3x a bare Float32Array
 * dot-product scan over the same factors. 100k items x 64 factors of seeded random factors; in
 * one run, interleaved: a naive scan (one item per pass of the user vector), the blocked scan
 * (`scoreAll`, four items per pass: the baseline) and our path (`IalsSignal.topN`, the engine's
 * candidate generator, with an exclusion callback as the engine passes one; also with the
 * TypeScript reference scan), plus a memory copy of the factor table as an in-run estimate of the
 * memory-bandwidth limit.
 */
import { Rng } from '../src/_internal/rng.js';
import { scoreAll } from '../src/_internal/linalg/scan.js';
import { createIals } from '../src/signals/ials.js';
import { normOrdered } from '../src/_internal/linalg/top-k-scan.js';
import { useWasmKernels } from '../src/_internal/linalg/cg-row-wasm.js';
import type { UserContext } from '../src/signals/signal.js';
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';
import { measure, median } from './_timing.js';

/** Size of the scan. */
export const ITEMS = 100_000;
export const FACTORS = 64;
const REPS = 40;

/** One item per pass of the user vector: the textbook loop. */
function naiveScan(user: Float32Array, items: Float32Array, k: number, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) {
    const o = i * k;
    let s = 0;
    for (let f = 0; f < k; f++) s += user[f]! * items[o + f]!;
    out[i] = s;
  }
}

/** Runs `fn` with the WebAssembly kernels off (the TypeScript reference scan). */
function typescriptScan<T>(fn: () => T): T {
  useWasmKernels(false);
  try {
    return fn();
  } finally {
    useWasmKernels(true);
  }
}

/** Runs the scans; returns the Markdown section. */
export async function run(): Promise<string> {
  const rng = new Rng(7);
  const k = FACTORS;
  const items = new Float32Array(ITEMS * k);
  for (let i = 0; i < items.length; i++) items[i] = rng.normal() * 0.1;
  const user = new Float32Array(k);
  for (let f = 0; f < k; f++) user[f] = rng.normal() * 0.1;
  const ials = createIals({ factors: k });
  ials.setFactors(user, items, 1, ITEMS);
  // The same shape with the norm spread of fitted factors on a sparse catalogue: 20% of the
  // products carry signal, the rest (few or no interactions) have factors 50-1000x smaller.
  const skewed = items.slice();
  for (let i = 0; i < ITEMS; i++) {
    if (rng.next() < 0.2) continue;
    const scale = 0.001 + 0.019 * rng.next();
    for (let f = 0; f < k; f++) skewed[i * k + f] = skewed[i * k + f]! * scale;
  }
  const ialsSkewed = createIals({ factors: k });
  ialsSkewed.setFactors(user, skewed, 1, ITEMS);
  const build = measure(() => normOrdered(items, k, ITEMS));
  const ctx: UserContext = { userId: 'u', user: 0, items: Int32Array.of(1, 2, 3), weights: Float32Array.of(1, 1, 1), now: 0, topics: [] };
  // The engine's exclusion: a byte per product (seen items, out of stock); here 1% of products.
  const blocked = new Uint8Array(ITEMS);
  for (let i = 0; i < ITEMS; i += 100) blocked[i] = 1;
  const exclude = (p: number): boolean => blocked[p] === 1;
  const out = new Float32Array(ITEMS);
  const copy = new Float32Array(items.length);

  const cases: Array<[string, () => void]> = [
    ['naive scan (1 item per pass)', () => naiveScan(user, items, k, out)],
    ['blocked scan (4 items per pass): baseline', () => scoreAll(user, items, k, out)],
    ['ours: iALS topN, n = 10', () => void ials.topN(ctx, 10, exclude)],
    ['ours: iALS topN, n = 200 (engine perSignal)', () => void ials.topN(ctx, 200, exclude)],
    ['ours, skewed norms: iALS topN, n = 200', () => void ialsSkewed.topN(ctx, 200, exclude)],
    ['memory copy of the factor table (read + write)', () => copy.set(items)],
    ['ours with the TypeScript scan (the reference): iALS topN, n = 200', () => void typescriptScan(() => ials.topN(ctx, 200, exclude))],
  ];
  const times = cases.map(() => [] as number[]);
  for (let r = 0; r < REPS + 5; r++) {
    cases.forEach(([, fn], c) => {
      const t = measure(fn);
      if (r >= 5) times[c]!.push(t.cpuMs);
    });
  }
  const med = times.map(median);
  const best = times.map((t) => Math.min(...t));
  const base = med[1]!;
  const bytes = items.byteLength;
  const copyGbs = (2 * bytes) / 1e6 / med[5]!;
  const gflops = (ms: number): string => ((2 * ITEMS * k) / 1e6 / ms).toFixed(2);
  const rows = cases.slice(0, 5).map(([label], c) => {
    const rates = c === 4 ? ['(stops early)', '(stops early)'] : [gflops(med[c]!), ((bytes / 1e6) / med[c]!).toFixed(1)];
    return [label, med[c]!.toFixed(2), best[c]!.toFixed(2), `${(med[c]! / base).toFixed(2)}x`, ...rates];
  });
  rows.push([cases[6]![0], med[6]!.toFixed(2), best[6]!.toFixed(2), `${(med[6]! / base).toFixed(2)}x`, gflops(med[6]!), ((bytes / 1e6) / med[6]!).toFixed(1)]);
  rows.push([cases[5]![0], med[5]!.toFixed(2), best[5]!.toFixed(2), '', '', `${copyGbs.toFixed(1)} (copy)`]);
  const same = ials.topN(ctx, 200, exclude).ids.join() === typescriptScan(() => ials.topN(ctx, 200, exclude)).ids.join();
  const ours = Math.max(med[2]!, med[3]!) / base;
  const bandwidthMs = bytes / 1e6 / copyGbs;
  return [
    `## Exact top-n over ${ITEMS / 1000}k items x ${k} factors`,
    '',
    `Median and best of ${REPS} interleaved runs, process CPU ms (the machine is shared, so CPU time rather than wall time). GB/s = ${(bytes / 1e6).toFixed(1)} MB of float32 factors read per scan / time. ` +
      `Seeded normal factors (all rows of similar norm, so our scan cannot stop early); the skewed row scales 80% of the rows down 50-1000x, as fitted factors of products with few interactions are, and our scan stops once no remaining row can reach the n-th score. ` +
      `topN's first call builds the norm-ordered copy of the factors (${build.cpuMs.toFixed(0)} ms here, ${(bytes / 1e6).toFixed(1)} MB). ` +
      `Ours scores each chunk of that copy in float32 lanes (WebAssembly SIMD) and rescores exactly, as the blocked scan scores them, the products its proven error bound cannot rule out; with the TypeScript scan (the reference and the fallback) it ranks the same products with the same scores: ${same ? 'yes' : 'NO'} here.`,
    '',
    markdownTable(['scan', 'median ms', 'best ms', 'vs blocked', 'GFLOP/s', 'GB/s'], rows),
    '',
    `Target (DESIGN 9): ours <= 1.3x the blocked scan: ${ours <= 1.3 ? 'met' : 'MISSED'} (${ours.toFixed(2)}x at the worse of the two n on uniform norms; ${(med[4]! / base).toFixed(2)}x on skewed norms). ` +
      `Memory-bandwidth limit: at this run's copy bandwidth (${copyGbs.toFixed(1)} GB/s) a scan needs about ${bandwidthMs.toFixed(2)} ms, so the blocked scan is ${(base / bandwidthMs).toFixed(1)}x from it ` +
      `(DESIGN's OpenBLAS sgemv reference on this machine class: 1.0 ms, ${(base / 1.0).toFixed(1)}x); a scalar JS scan is compute-bound, not memory-bound. ` +
      `Ours, in float32 lanes, is ${(med[2]! / bandwidthMs).toFixed(1)}x from that limit at n = 10 and ${(med[3]! / bandwidthMs).toFixed(1)}x at n = 200 (more exact rescoring as the heap fills).`,
    '',
    caption('npm run bench -- topn-scan'),
    '',
  ].join('\n');
}
