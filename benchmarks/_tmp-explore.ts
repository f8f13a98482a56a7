import { buildDataset } from '../src/dataset/dataset.js';
import { createEventWeighting } from '../src/dataset/event-weighting.js';
import { captureRequests } from '../src/evaluation/tune/capture.js';
import { Reblender, type BlendSetting } from '../src/evaluation/tune/reblend.js';
import { fixtureCuts, generated, realDatasets, type MixDataset } from './_mix-data.js';

const halfLife = (process.argv[2] ?? '14') as string;
const which = process.argv[3] ?? 'all';
const hl = halfLife === 'null' ? null : halfLife === 'auto' ? 'auto' : Number(halfLife);
const notes: string[] = [];
const sets: MixDataset[] = [];
if (which === 'all' || which === 'fixtures') sets.push(...(await fixtureCuts()));
if (which === 'all' || which === 'generated') sets.push(generated());
if (which === 'all' || which === 'real') sets.push(...(await realDatasets(notes)));
const SIGNALS = [{ type: 'ials' }, { type: 'item-knn' }, { type: 'content' }, { type: 'trending' }, { type: 'popularity' }];
const NAMES = SIGNALS.map((s) => s.type);
const out: Record<string, unknown> = {};
for (const d of sets) {
  const t0 = performance.now();
  const dataset = buildDataset(d.train, { weighting: createEventWeighting({ halfLifeDays: hl }), now: d.now, unknownProducts: 'skip' });
  const { captured } = captureRequests({ signals: SIGNALS, weighting: { halfLifeDays: hl } }, dataset, d.relevant, { candidates: 'engine', now: d.now });
  const rb = new Reblender(captured);
  const t1 = performance.now();
  const res: Record<string, number> = {};
  const setting = (w: number[], extra: Partial<BlendSetting> = {}): BlendSetting => ({ weights: w, ties: 'mean-rank', priorWeight: 0, priorValue: 0, boostWeight: 0, boostHalfSaturation: 1, ...extra });
  const mean = (a: Float64Array): number => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
  const grid: Array<[string, BlendSetting]> = [];
  for (let s = 0; s < NAMES.length; s++) grid.push([`only ${NAMES[s]}`, setting(NAMES.map((_, i) => (i === s ? 1 : 0)))]);
  const W = [
    ['old', [1, 1, 1, 2, 0.1]],
    ['no-trend', [1, 1, 1, 0, 0.1]],
    ['pop0.3', [1, 1, 1, 0, 0.3]],
    ['pop1', [1, 1, 1, 0, 1]],
    ['content0.5', [1, 1, 0.5, 0, 0.1]],
    ['content0.5-pop0.3', [1, 1, 0.5, 0, 0.3]],
    ['knn2', [1, 2, 0.5, 0, 0.3]],
    ['ials2', [2, 1, 0.5, 0, 0.3]],
  ] as const;
  for (const [name, w] of W) {
    for (const ties of ['mean-rank', 'below'] as const) {
      for (const pw of [0, 0.25, 1]) {
        for (const bw of [0, 1]) grid.push([`${name} ${ties} prior${pw} boost${bw}`, setting([...w], { ties, priorWeight: pw, boostWeight: bw })]);
      }
    }
  }
  for (const [name, s] of grid) res[name] = mean(rb.ndcg(s, 10));
  const t2 = performance.now();
  out[d.name] = { users: captured.requests.length, captureS: (t1 - t0) / 1000, scoreS: (t2 - t1) / 1000, ndcg: res };
  console.error(`${d.name}: ${captured.requests.length} users, capture ${((t1 - t0) / 1000).toFixed(1)} s, ${grid.length} settings ${((t2 - t1) / 1000).toFixed(1)} s`);
}
console.log(JSON.stringify({ halfLife, notes, out }, null, 1));
