/**
 * The feedback loop on the larger generated marketplace (README "Simulating the feedback loop"):
 * 12 rounds of 300 users each, clicks from the generator's truth going back through observe(), a
 * refit every 4 rounds, for no fairness, DESIGN's pure merit at lambda 0.3 (meritPrior 0, popularity
 * counted as merit), the default (lambda 0.3, meritPrior 0.5) and lambda 0.75. Seeded: the same
 * users and clicks draws for every variant.
 *
 * Run: `npm run bench -- feedback-loop` (about 35 s).
 */
import { pathToFileURL } from 'node:url';
import { compareFeedbackLoops, feedbackLoopTables, generateMarketplace, type FeedbackLoopVariant } from '../src/simulation/index.js';
import { GENERATED } from './fairness.js';
import { caption } from './_machine.js';

/** The compared fairness settings. */
export const LOOP_VARIANTS: readonly FeedbackLoopVariant[] = [
  { label: 'lambda 0', recommender: { fairness: { rerank: { lambda: 0 } } } },
  { label: 'lambda 0.3, pure merit', recommender: { fairness: { rerank: { lambda: 0.3, meritPrior: 0 }, meritExclude: [] } } },
  { label: 'lambda 0.3 (default)', recommender: {} },
  { label: 'lambda 0.75', recommender: { fairness: { rerank: { lambda: 0.75 } } } },
];

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
    caption('npm run bench -- feedback-loop'),
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await run());
