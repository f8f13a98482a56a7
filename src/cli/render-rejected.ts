import { summariseRejected, type RejectedSummary } from '../io/inspect-dataset.js';
import type { LoadedMarketplace } from '../io/types.js';

/**
 * Rejected rows as indented lines: per file `<file>: N rejected`, then the reason of each example
 * (`file:line: field "f" (got v): reason`). Used by `gfp inspect` and by every command that loads
 * data with `--mode collect`.
 */
export function renderRejectedRows(rejected: readonly RejectedSummary[]): string[] {
  const lines: string[] = [];
  for (const s of rejected) {
    lines.push(`  ${s.source}: ${s.rejected} rejected`);
    for (const ex of s.examples) for (const reason of ex.reasons) lines.push(`    ${reason}`);
  }
  return lines;
}

/**
 * A short report of the rows a `--mode collect` load left out: a head line with the total, then
 * {@link renderRejectedRows} with at most `maxExamples` examples per file; undefined when none
 * was rejected.
 */
export function rejectedRowsReport(dataLabel: string, loaded: Pick<LoadedMarketplace, 'rejected' | 'counts'>, maxExamples = 3): string | undefined {
  const rejected = summariseRejected(loaded, maxExamples);
  const total = rejected.reduce((s, r) => s + r.rejected, 0);
  if (total === 0) return undefined;
  return [`${dataLabel}: ${total} bad row${total === 1 ? '' : 's'} rejected and left out (mode collect):`, ...renderRejectedRows(rejected)].join('\n');
}

/**
 * The warnings of a load, each one message: the rejected rows (collect mode, see
 * {@link rejectedRowsReport}), then per file the events of unknown products skipped
 * (`unknownProducts: 'skip'`) and the CSV columns that feed no field.
 */
export function loadWarnings(dataLabel: string, loaded: Pick<LoadedMarketplace, 'rejected' | 'counts'>): string[] {
  const rejected = rejectedRowsReport(dataLabel, loaded);
  const leftOut = loaded.counts.flatMap((c) => {
    const n = c.skipped ?? 0;
    const lines = n > 0 ? [`${c.source}: ${n} event${n === 1 ? '' : 's'} of unknown products skipped`] : [];
    if (c.ignoredColumns !== undefined) lines.push(`${c.source}: ignored columns (no such field): ${c.ignoredColumns.join(', ')}`);
    return lines;
  });
  return [...(rejected === undefined ? [] : [rejected]), ...leftOut];
}
