/**
 * The feedback loop on the larger generated marketplace (README "Simulating the feedback loop"):
 * 12 rounds of 300 users each, clicks from the generator's truth going back through observe(), a
 * refit every 4 rounds, for no fairness, the defaults (lambda 0.5, floor 0.3, meritPrior 2,
 * popularityDamping 1 outside the plain slate, no exploration), the defaults with exploration
 * shares 0.1 and 0.2, with floor 0.6, at lambda 0.3, DESIGN's pure merit at the default lambda
 * (meritPrior 0, popularity counted as merit), the defaults without popularity damping and with
 * exploration 0.1 held only until 5 units of exposure (both as before model file version 8), with
 * the damping on every candidate (scope `all`); and, without fairness, the blend with percentile
 * ranks and with item bursts judged by their own rate (the defaults before `percentile-log` and
 * `itemRelative`). Seeded: the same users and clicks
 * draws for every variant. Issue 13's goal: the small tier's exposure share at least its catalogue
 * share at the default lambda, clicks at most 1% below lambda 0; the merit-error table shows
 * whether exploration lets the ledger learn true merit faster.
 *
 * Run: `npm run bench -- feedback-loop` (about 1 minute on a quiet machine).
 */
import { pathToFileURL } from 'node:url';
import { compareFeedbackLoops, feedbackLoopTables, generateMarketplace, meritErrorTable, type FeedbackLoopResult, type FeedbackLoopVariant } from '../src/simulation/index.js';
import { DEFAULT_SIGNALS } from '../src/engine/config.js';
import { GENERATED } from './fairness.js';
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';

/** The compared fairness settings. */
export const LOOP_VARIANTS: readonly FeedbackLoopVariant[] = [
  { label: 'lambda 0', recommender: { fairness: { rerank: { lambda: 0 } } } },
  { label: 'defaults (lambda 0.5)', recommender: {} },
  { label: 'defaults, exploration 0.1', recommender: { fairness: { rerank: { exploration: { share: 0.1 } } } } },
  { label: 'defaults, exploration 0.2', recommender: { fairness: { rerank: { exploration: { share: 0.2 } } } } },
  { label: 'defaults, floor 0.6', recommender: { fairness: { rerank: { relevanceFloor: 0.6 } } } },
  { label: 'lambda 0.3', recommender: { fairness: { rerank: { lambda: 0.3 } } } },
  { label: 'lambda 0.5, pure merit', recommender: { fairness: { rerank: { meritPrior: 0 }, meritExclude: [] } } },
  { label: 'defaults, popularityDamping 0 (before version 8)', recommender: { fairness: { rerank: { popularityDamping: 0 } } } },
  { label: "defaults, popularityDampingScope 'all'", recommender: { fairness: { rerank: { popularityDampingScope: 'all' } } } },
  { label: 'defaults, exploration 0.1 until 5 (before version 8)', recommender: { fairness: { rerank: { exploration: { share: 0.1, untilExposure: 5 } } } } },
  // The blend's own defaults, one at a time, without fairness: what each costs or gains in this loop.
  { label: 'lambda 0, percentile ranks', recommender: { normalisation: 'percentile', fairness: { rerank: { lambda: 0 } } } },
  {
    label: 'lambda 0, item bursts by own rate',
    recommender: { signals: DEFAULT_SIGNALS.map((s) => (s.type === 'trending' ? { ...s, itemRelative: false } : { ...s })), fairness: { rerank: { lambda: 0 } } },
  },
];

/** True for a variant without fairness (lambda 0): a reference, not a candidate for the goal. */
const unfair = (v: FeedbackLoopVariant): boolean => v.recommender.fairness?.rerank?.lambda === 0;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Issue 13's feedback-loop goal per run, against the first run (lambda 0). */
function goalTable(runs: readonly FeedbackLoopResult[]): string {
  const base = runs[0]!.summary;
  const rows = runs.map((r) => {
    const s = r.summary;
    const clicks = s.clicks / base.clicks - 1;
    const met = s.smallTierShare >= s.smallTierCatalogueShare && clicks >= -0.01;
    const variant = LOOP_VARIANTS.find((v) => v.label === r.label);
    const reference = variant === undefined || unfair(variant);
    return [r.label, pct(s.smallTierShare), pct(s.smallTierCatalogueShare), `${clicks >= 0 ? '+' : ''}${pct(clicks)}`, reference ? '' : met ? 'yes' : 'no'];
  });
  return markdownTable(['run', 'small-tier exposure', 'small-tier catalogue share', 'clicks vs lambda 0', 'goal'], rows);
}

/** Runs the benchmark; returns the Markdown section (the summary table). */
export async function run(): Promise<string> {
  const marketplace = generateMarketplace(GENERATED);
  const runs = compareFeedbackLoops({ marketplace, rounds: 12, usersPerRound: 300, refitEvery: 4, variants: LOOP_VARIANTS });
  const summary = feedbackLoopTables(runs).split('\n\n')[0]!;
  const spec = Object.entries(GENERATED)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  return [
    `## Feedback loop on the generated marketplace (${spec})`,
    '',
    '12 rounds of 300 users, one slate of 10 each, clicks from the ground truth fed back through observe(), refit every 4 rounds; default blend otherwise.',
    '',
    summary,
    '',
    "Issue 13's goal: the small tier's exposure share at least its catalogue share, clicks at most 1% below lambda 0 (runs without fairness are references).",
    '',
    goalTable(runs),
    '',
    'Merit error per round (total variation distance between the ledger\'s merit shares and the generator\'s true ones; lower is better):',
    '',
    meritErrorTable(runs),
    '',
    caption('npm run bench -- feedback-loop'),
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await run());
