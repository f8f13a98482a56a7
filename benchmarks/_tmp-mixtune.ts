import { buildDataset } from '../src/dataset/dataset.js';
import { createEventWeighting } from '../src/dataset/event-weighting.js';
import { captureRequests } from '../src/evaluation/tune/capture.js';
import { Reblender, type BlendSetting } from '../src/evaluation/tune/reblend.js';
import { fixtureCuts, generated, realDatasets, type MixDataset } from './_mix-data.js';

const hl = 'auto' as const;
const notes: string[] = [];
const sets: MixDataset[] = [...(await fixtureCuts()), generated(), ...(await realDatasets(notes))];
const SIGNALS = [{ type: 'ials' }, { type: 'item-knn' }, { type: 'content' }, { type: 'trending' }, { type: 'popularity' }];
const rbs: Array<[string, Reblender]> = [];
for (const d of sets) {
  const dataset = buildDataset(d.train, { weighting: createEventWeighting({ halfLifeDays: hl }), now: d.now, unknownProducts: 'skip' });
  const { captured } = captureRequests({ signals: SIGNALS, weighting: { halfLifeDays: hl } }, dataset, d.relevant, { candidates: 'engine', now: d.now });
  rbs.push([d.name, new Reblender(captured)]);
  console.error(`captured ${d.name}`);
}
const mean = (a: Float64Array): number => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
const base: BlendSetting = { weights: [1, 1, 1, 2, 0.1], ties: 'mean-rank', priorWeight: 0, priorValue: 0, boostWeight: 0, boostHalfSaturation: 1 };
const baseScores = rbs.map(([, rb]) => mean(rb.ndcg(base, 10)));
const perSet = (s: BlendSetting): number[] => rbs.map(([, rb]) => mean(rb.ndcg(s, 10)));
const sourceOf = (name: string): string => name.split(/[ ,]/)[0]!;
const sources = [...new Set(rbs.map(([n]) => sourceOf(n)))];
const bestSingle = rbs.map(([, rb]) => Math.max(...[0, 1, 2, 3, 4].map((i) => mean(rb.ndcg({ ...base, weights: [0, 1, 2, 3, 4].map((j) => (j === i ? 1 : 0)) }, 10)))));
const objective = (s: BlendSetting): number => {
  const v = perSet(s);
  let total = 0;
  for (const src of sources) {
    const idx = rbs.map(([n], i) => (sourceOf(n) === src ? i : -1)).filter((i) => i >= 0);
    total += idx.reduce((acc, i) => acc + Math.log(Math.max(v[i]!, 1e-6) / bestSingle[i]!), 0) / idx.length;
  }
  return total / sources.length;
};
let s: BlendSetting = JSON.parse(process.argv[2] ?? '{"weights":[1,1,1,0,0.5],"ties":"mean-rank","priorWeight":0.5,"priorValue":0,"boostWeight":1,"boostHalfSaturation":1}') as BlendSetting;
let best = objective(s);
const W = [0, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 4];
type Coord = { name: string; values: readonly (number | string)[]; set: (s: BlendSetting, v: number | string) => BlendSetting; get: (s: BlendSetting) => number | string };
const coords: Coord[] = [
  ...[0, 1, 2, 3, 4].map((i): Coord => ({ name: `w${SIGNALS[i]!.type}`, values: W, get: (x) => x.weights[i]!, set: (x, v) => ({ ...x, weights: x.weights.map((w, j) => (j === i ? (v as number) : w)) }) })),
  { name: 'ties', values: ['mean-rank', 'below'], get: (x) => x.ties, set: (x, v) => ({ ...x, ties: v as BlendSetting['ties'] }) },
  { name: 'prior', values: [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3], get: (x) => x.priorWeight, set: (x, v) => ({ ...x, priorWeight: v as number }) },
  { name: 'priorValue', values: [0, 0.1, 0.25, 0.5], get: (x) => x.priorValue, set: (x, v) => ({ ...x, priorValue: v as number }) },
  { name: 'boost', values: [0, 0.25, 0.5, 1, 2, 4], get: (x) => x.boostWeight, set: (x, v) => ({ ...x, boostWeight: v as number }) },
  { name: 'halfSat', values: [0.25, 0.5, 1, 2, 4], get: (x) => x.boostHalfSaturation, set: (x, v) => ({ ...x, boostHalfSaturation: v as number }) },
];
if (process.argv[3] !== undefined) {
  const list = JSON.parse(process.argv[3]) as Array<[string, BlendSetting]>;
  for (const [name, set] of list) console.log(`${name.padEnd(40)} obj ${Math.exp(objective(set)).toFixed(4)}  ` + perSet(set).map((x) => x.toFixed(4)).join(' '));
  process.exit(0);
}
for (let round = 0; round < 4; round++) {
  let changed = false;
  for (const c of coords) {
    const cur = c.get(s);
    let bv = cur;
    let bs = best;
    for (const v of c.values) {
      if (v === cur) continue;
      const cand = c.set(s, v);
      if (cand.weights.every((w) => w === 0)) continue;
      const o = objective(cand);
      if (o > bs + 1e-4) {
        bs = o;
        bv = v;
      }
    }
    if (bv !== cur) {
      s = c.set(s, bv);
      best = bs;
      changed = true;
      console.error(`round ${round} ${c.name} ${cur} -> ${bv}: ${Math.exp(best).toFixed(4)}`);
    }
  }
  if (!changed) break;
}
const fmtRow = (name: string, v: number[]): string => `${name.padEnd(28)} ${v.map((x) => x.toFixed(4)).join(' ')}`;
console.log(rbs.map(([n]) => n).join(' | '));
console.log(fmtRow('old default (new semantics)', baseScores));
console.log(fmtRow('tuned on the mix', perSet(s)));
console.log(fmtRow('best single', bestSingle));
console.log('start objective (mean log ratio to best single, per source):', Math.exp(objective(JSON.parse(process.argv[2] ?? 'null') ?? s)));
for (let i = 0; i < 5; i++) console.log(fmtRow(`only ${SIGNALS[i]!.type}`, perSet({ ...base, weights: [0, 1, 2, 3, 4].map((j) => (j === i ? 1 : 0)) })));
console.log(JSON.stringify(s), Math.exp(best));
