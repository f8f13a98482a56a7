import { alignColumns, truncateDisplay } from '../_internal/text-table.js';
import type { Recommender } from '../engine/recommender.js';
import type { Slate } from '../engine/slate.js';
import { tierName } from '../fairness/tiers.js';

/** Renders a slate as a readable table: rank, product title, merchant (tier), score, reasons. */
export function renderSlate(rec: Recommender, slate: Slate, options: { titleWidth?: number } = {}): string {
  const ds = rec.dataset;
  const t = slate.trace;
  const head = `user ${slate.userId}${t.coldStart ? ' (cold start: no history)' : ` (${t.history.items} products in history)`}, ${t.candidates.total} candidates`;
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
