import { alignColumns, truncateDisplay } from '../_internal/text-table.js';
import type { SlateExplanation } from '../engine/explain.js';
import type { Recommender } from '../engine/recommender.js';
import type { Slate } from '../engine/slate.js';
import { tierName } from '../fairness/tiers.js';
import { TopicSchema, type TopicInput } from '../schema/entities.js';
import { TrendingSignal } from '../signals/trending.js';

/** Renders a slate as a readable table: rank, product title, merchant (tier), score, reasons. */
export function renderSlate(rec: Recommender, slate: Slate, options: { titleWidth?: number } = {}): string {
  const ds = rec.dataset;
  const t = slate.trace;
  const head = `user ${slate.userId}${t.coldStart ? ' (cold start: no history)' : ` (${t.history.items} product${t.history.items === 1 ? '' : 's'} in history)`}, ${t.candidates.total} candidates`;
  const rows: string[][] = [['#', 'product', 'title', 'merchant', 'score', 'why']];
  for (const item of slate.items) {
    const p = ds.products.indexOf(item.productId);
    const m = ds.productMerchant[p]!;
    rows.push([
      String(item.rank),
      item.productId,
      truncateDisplay(ds.productRecords[p]!.title, options.titleWidth ?? 40),
      `${item.merchantId} (${tierName(rec.tiers[m]!)})`,
      item.score.toFixed(3),
      item.reasons.join('; '),
    ]);
  }
  return [head, ...alignColumns(rows, [0, 1, 2, 3, 5]).map((l) => `  ${l}`)].join('\n');
}

/**
 * The topics trending at `now` (fitted, observed and the request's ad-hoc ones), hottest first:
 * one line each with heat, burst factor and matched products; '' when the blend has no trending
 * signal or nothing trends.
 */
export function renderHotTopics(rec: Recommender, now: number, topics: readonly TopicInput[] = []): string {
  const trending = rec.signals.find((s): s is TrendingSignal => s instanceof TrendingSignal);
  if (trending === undefined) return '';
  const all = trending.topicStates(now, topics.map((t) => TopicSchema.parse(t)));
  const states = all.filter((s) => s.hot > 0).sort((a, b) => b.hot - a.hot);
  const aside = all.filter((s) => s.setAside).map((s) => s.id);
  const asideLine = aside.length === 0 ? '' : `set aside for this request (its own topics lead): ${aside.join(', ')}\n`;
  if (states.length === 0) return `no topic trends at ${new Date(now).toISOString()}\n${asideLine}`;
  const lines = [`trending at ${new Date(now).toISOString()}:`];
  for (const s of states) {
    const heat = Number.isNaN(s.heat) ? 'given now' : `heat ${s.heat.toFixed(0)}, burst x${s.burst.toFixed(2)}`;
    lines.push(`  ${s.id}: "${truncateDisplay(s.text, 60)}" (${heat}; ${s.matches} matching product${s.matches === 1 ? '' : 's'})`);
  }
  return `${lines.join('\n')}\n${asideLine}`;
}

/** Renders `explain()` output under a slate: per item its title, merchant, then one line per fact. */
export function renderExplanation(rec: Recommender, explanation: SlateExplanation): string {
  const ds = rec.dataset;
  const out: string[] = [];
  for (const item of explanation.items) {
    const p = ds.products.indexOf(item.productId);
    const title = p >= 0 ? ds.productRecords[p]!.title : '';
    const tier = p >= 0 ? ` ${tierName(rec.tiers[ds.productMerchant[p]!]!)}` : '';
    out.push(`  #${item.rank} ${item.productId}  ${title}  (${item.merchantId}${tier})`);
    for (const line of item.lines) out.push(`      ${line}`);
  }
  return out.join('\n');
}
