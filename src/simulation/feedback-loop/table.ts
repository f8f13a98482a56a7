import type { FeedbackLoopResult } from './simulate.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const fixed = (x: number, d = 3): string => x.toFixed(d);
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;

function markdown(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/**
 * Markdown tables of feedback-loop runs: one summary row per run (pooled over all rounds), then
 * one per-round table per run. Shares in percent; trends are per-round least-squares slopes.
 *
 * @example feedbackLoopTables(compareFeedbackLoops({ ... })) // '| run | clicks | ... |'
 */
export function feedbackLoopTables(results: readonly FeedbackLoopResult[]): string {
  const lines = markdown(
    ['run', 'lambda', 'clicks', 'clicks/slate', 'merchant Gini', 'Gini trend/round', 'small-tier exposure', 'small-tier clicks', 'head-tier exposure', 'item coverage', 'merit error (last round)'],
    results.map((r) => {
      const s = r.summary;
      return [
        r.label,
        String(r.lambda),
        String(s.clicks),
        fixed(s.clicksPerSlate),
        fixed(s.merchantGini),
        signed(s.merchantGiniTrend),
        pct(s.smallTierShare),
        pct(s.smallTierClickShare),
        pct(s.headTierShare),
        pct(s.itemCoverage),
        fixed(r.rounds[r.rounds.length - 1]?.meritError ?? 0),
      ];
    }),
  );
  for (const r of results) {
    lines.push('', `${r.label}: per round (small tier holds ${pct(r.summary.smallTierCatalogueShare)} of the catalogue)`, '');
    lines.push(
      ...markdown(
        ['round', 'users', 'clicks', 'merchant Gini', 'small-tier exposure', 'head-tier exposure', 'item coverage', 'merit error', 'refit'],
        r.rounds.map((x) => [
          String(x.round),
          String(x.users),
          String(x.clicks),
          fixed(x.merchantGini),
          pct(x.smallTierShare),
          pct(x.headTierShare),
          pct(x.itemCoverage),
          fixed(x.meritError),
          x.refit ? 'yes' : '',
        ]),
      ),
    );
  }
  return lines.join('\n');
}

/**
 * Markdown table of the ledger's merit error (total variation distance between the ledger's and
 * the generator's merit shares, in [0, 1]) per round, one column per run, and its least-squares
 * slope per round in the last row: which setting lets the ledger learn true merit faster.
 */
export function meritErrorTable(results: readonly FeedbackLoopResult[]): string {
  const rounds = Math.max(0, ...results.map((r) => r.rounds.length));
  const rows = Array.from({ length: rounds }, (_, i) => [String(i + 1), ...results.map((r) => (r.rounds[i] === undefined ? '' : fixed(r.rounds[i].meritError)))]);
  rows.push(['slope/round', ...results.map((r) => signed(r.summary.meritErrorTrend))]);
  return markdown(['round', ...results.map((r) => r.label)], rows).join('\n');
}
