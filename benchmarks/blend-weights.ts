/**
 * The default blend, signal by signal (README "The default blend"): NDCG@10 of the next week's
 * clicks, carts and purchases at four cuts of the bundled marketplace, for the collaborative blend
 * (iALS, item-kNN, popularity), that plus content, and the default (plus content and trending).
 *
 * Protocol per cut: the events up to the cut train, the positive click / cart / purchase events of
 * the following `WINDOW_DAYS` test; topic heat is cut at the cut too (a model cannot know tomorrow's
 * trends). Each model is fitted on the training events and ranks the whole catalogue minus each
 * user's training items through `recommend()` (the evaluation runner's `full` protocol, fairness at
 * its default with the sequential ledger). Users with no training event are left out.
 *
 * Run: `npm run bench -- blend-weights` (or `node --import tsx benchmarks/blend-weights.ts
 * [--config '{"normalisation":"min-max"}']`; `--config` adds recommender keys to every model).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SIGNALS } from '../src/engine/config.js';
import { evaluate } from '../src/evaluation/index.js';
import type { RecommenderConfigInput } from '../src/index.js';
import { loadMarketplace } from '../src/io/index.js';
import type { MarketplaceData } from '../src/schema/marketplace-data.js';
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';

/** The cuts (UTC midnight) and what the fixtures' topics do then. */
export const CUTS: ReadonlyArray<readonly [string, string]> = [
  ['2026-06-12', 'nothing trends'],
  ['2026-06-18', 'a heat wave fading'],
  ['2026-06-22', 'Olympics peak'],
  ['2026-06-24', 'two days after the peak'],
];
/** Days of test events after each cut. */
export const WINDOW_DAYS = 7;
const DAY = 86_400_000;

/** The compared blends: name and signals (the last is the default). */
export function blends(): Array<{ name: string; signals: NonNullable<RecommenderConfigInput['signals']> }> {
  const of = (type: string): { type: string; weight: number } => ({ ...DEFAULT_SIGNALS.find((s) => s.type === type)! });
  return [
    { name: 'ials + item-knn + popularity', signals: [of('ials'), of('item-knn'), of('popularity')] },
    { name: '+ content', signals: [of('ials'), of('item-knn'), of('content'), of('popularity')] },
    { name: '+ content + trending (default)', signals: DEFAULT_SIGNALS.map((s) => ({ ...s })) },
  ];
}

/** The marketplace as known at `cut`, with the test window's events: later events and heat left out. */
function asOf(data: MarketplaceData, cut: number, until: number): MarketplaceData {
  return {
    ...data,
    events: data.events.filter((e) => e.timestamp <= until),
    topics: data.topics.map((t) => ({ ...t, heat: t.heat.filter((h) => h.timestamp <= cut) })).filter((t) => t.heat.length > 0),
  };
}

/** Options of {@link run}. */
export interface BlendWeightsOptions {
  /** Recommender keys added to every blend (e.g. another normalisation). @default none */
  readonly config?: Omit<RecommenderConfigInput, 'signals'>;
}

/** Runs the benchmark; returns the Markdown section. */
export async function run(options: BlendWeightsOptions = {}): Promise<string> {
  const { data } = await loadMarketplace(join(import.meta.dirname, '..', 'fixtures', 'marketplace'));
  const models = blends();
  const rows: string[][] = [];
  for (const [date, what] of CUTS) {
    const cut = Date.parse(`${date}T00:00:00Z`);
    const report = evaluate({
      dataset: { name: `fixtures as of ${date}`, data: asOf(data, cut, cut + WINDOW_DAYS * DAY) },
      split: { strategy: 'temporal', cutoff: cut, dropUsersWithoutTrain: true },
      models: models.map((m) => ({ name: m.name, config: { ...options.config, signals: m.signals } })),
      metrics: ['ndcg'],
      k: 10,
      relevantTypes: ['click', 'cart', 'purchase'],
    });
    const users = report.runs[0]!.metrics['ndcg@10']!.perUser?.length ?? 0;
    rows.push([`${date} (${what})`, String(users), ...report.runs.map((r) => r.metrics['ndcg@10']!.mean.toFixed(3))]);
  }
  const extra = options.config === undefined || Object.keys(options.config).length === 0 ? '' : ` Config added to every blend: \`${JSON.stringify(options.config)}\`.`;
  return [
    '## The default blend, signal by signal (fixtures marketplace, temporal cuts)',
    '',
    `NDCG@10 of the clicks, carts and purchases of the ${WINDOW_DAYS} days after each cut; trained on the events up to the cut, topic heat cut there too; the whole catalogue ranked through recommend() (fairness at its default).${extra}`,
    '',
    markdownTable(['cut', 'users', ...models.map((m) => m.name)], rows),
    '',
    caption('npm run bench -- blend-weights', { timed: false }),
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--config');
  const config = i >= 0 ? (JSON.parse(process.argv[i + 1]!) as BlendWeightsOptions['config']) : undefined;
  console.log(await run(config === undefined ? {} : { config }));
}
