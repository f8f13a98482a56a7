import { Option, type Command } from 'commander';
import { inspectDataset, type DatasetInspection } from '../../io/inspect-dataset.js';
import { loadDataset } from '../../io/load-dataset.js';
import type { DatasetFormat, LoadMode } from '../../io/types.js';
import { basename } from 'node:path';
import { EXIT_CHECK_FAILED } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { addProgressOption, addUnknownProductsOption, DATA_FORMATS, progressFromFlags, type ProgressFlags } from '../load-data.js';
import { renderRejectedRows } from '../render-rejected.js';
import { renderAdapterReport } from '../render-adapter-report.js';
import { positiveIntFlag } from '../flags.js';
import { CATALOGUE_MODES } from '../../io/adapters/restrict.js';
import type { CatalogueMode } from '../../io/adapters/adapter-report.js';
import { CliExit } from '../cli-exit.js';
import type { CliCommand } from '../program.js';

interface InspectFlags extends ProgressFlags {
  format?: DatasetFormat;
  mode: LoadMode;
  unknownProducts: 'error' | 'skip';
  json?: boolean;
  catalogue?: CatalogueMode;
  merchantNormalisation?: 'none' | 'basic';
  minUserEvents?: string;
}

/** Rows of a dataset that a fit would not see: rejected, duplicated or skipped rows, and events of unknown products. */
export function rowsLeftOut(r: DatasetInspection): number {
  let out = r.skippedUnknownProduct;
  for (const f of r.files) out += f.rows - f.loaded;
  return out;
}

/** What `gfp inspect --help` says about its exit codes. */
const INSPECT_EXIT_HELP = `
Exit codes of inspect:
  0  every row of every file loads
  1  the dataset loads, but rows were left out: rejected (bad rows, duplicate ids, events naming
     unknown products) or skipped (--unknown-products skip); they are listed above the exit
  2  the dataset cannot be loaded (missing files, broken quoting, --mode fail at a bad row)`;

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

/** Renders an inspection as aligned plain-text tables. */
export function formatInspection(dir: string, r: DatasetInspection): string {
  const lines: string[] = [];
  const table = (rows: readonly (readonly [string, string])[]): void => {
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) lines.push(`  ${k.padEnd(width)}  ${v}`);
  };
  lines.push(`${dir} (format: ${r.format})`);
  table([
    ['users', String(r.counts.users)],
    ['products', String(r.counts.products)],
    ['merchants', String(r.counts.merchants)],
    ['events', String(r.counts.events)],
    ['topics', String(r.counts.topics)],
    ['interactions', `${r.counts.interactions} stored (user, product) cells`],
    ['sparsity', r.sparsity === null ? '-' : pct(r.sparsity)],
    ['time range', r.timeRange === null ? '-' : `${r.timeRange.first} .. ${r.timeRange.last}`],
    ['top-10 merchant share', pct(r.merchantConcentration.top10Share)],
    ['merchant Gini', r.merchantConcentration.gini.toFixed(4)],
  ]);
  if (r.skippedUnknownProduct > 0) lines.push(`  (${r.skippedUnknownProduct} events name an unknown product and were left out)`);
  if (r.assumedWeightTypes.length > 0) {
    lines.push(`  (custom event types without a weight, counted with weight 1: ${r.assumedWeightTypes.join(', ')})`);
  }
  lines.push('events per type');
  table(r.eventsPerType.map(({ type, count }) => [type, String(count)] as const));
  lines.push('files');
  table(
    r.files.map(
      (f) =>
        [
          f.source,
          `${f.entity}: ${f.rows} rows, ${f.loaded} loaded, ${f.rejected} rejected` +
            `${f.duplicates > 0 ? `, ${f.duplicates} duplicate ids` : ''}${(f.skipped ?? 0) > 0 ? `, ${f.skipped} skipped (unknown products)` : ''}` +
            `${f.ignoredColumns !== undefined ? `; ignored columns (no such field): ${f.ignoredColumns.join(', ')}` : ''}`,
        ] as const,
    ),
  );
  if (r.adapter !== undefined) lines.push('adapter', ...renderAdapterReport(r.adapter));
  if (r.rejected.length > 0) {
    lines.push('rejected rows', ...renderRejectedRows(r.rejected));
  }
  if (r.warnings.length > 0) lines.push('warnings', ...r.warnings.map((w) => `  ${w}`));
  return lines.join('\n');
}

/** `gfp inspect DIR`: loads a dataset directory and reports its size, sparsity, concentration and rejected rows. */
export const inspectCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    const command = program
      .command('inspect')
      .description('load a dataset directory and report counts, sparsity, events per type, merchant concentration and the rows left out (exit 1 when any)')
      .argument('<dir>', 'dataset directory (marketplace CSV/JSON, MovieLens 100K / latest-small / 1M, Amazon 2018, Book-Crossing)')
      .addOption(new Option('--format <format>', 'dataset format (detected when absent)').choices(DATA_FORMATS))
      .addOption(new Option('--mode <mode>', 'bad rows: fail at the first, or collect and report them').choices(['fail', 'collect']).default('collect'))
      .addOption(new Option('--catalogue <mode>', 'real data: products with at least one event, or every product record (default: interacted for Amazon and Book-Crossing, all for MovieLens)').choices(CATALOGUE_MODES))
      .addOption(new Option('--merchant-normalisation <rule>', 'Amazon and Book-Crossing: merge brand/publisher spellings (default: basic)').choices(['none', 'basic']))
      .option('--min-user-events <n>', 'real data: drop users with fewer events')
      .option('--json', 'print JSON instead of tables')
      .addHelpText('after', INSPECT_EXIT_HELP);
    addProgressOption(addUnknownProductsOption(command)).action(async (dir: string, flags: InspectFlags) => {
      const progress = progressFromFlags(flags, io);
      let loaded;
      try {
        loaded = await loadDataset(dir, {
          mode: flags.mode,
          unknownProducts: flags.unknownProducts,
          ...(flags.format !== undefined ? { format: flags.format } : {}),
          ...(flags.catalogue !== undefined ? { catalogue: flags.catalogue } : {}),
          ...(flags.merchantNormalisation !== undefined ? { merchantNormalisation: flags.merchantNormalisation } : {}),
          ...(flags.minUserEvents !== undefined ? { minUserEvents: positiveIntFlag('min-user-events', flags.minUserEvents) } : {}),
          ...(progress.active ? { onProgress: (p: { source: string; rows: number }) => progress.update(`load ${basename(p.source)}`, p.rows) } : {}),
        });
      } finally {
        progress.stop();
      }
      const report = inspectDataset(loaded);
      io.out(flags.json === true ? JSON.stringify({ dir, ...report }, null, 2) : formatInspection(dir, report));
      const left = rowsLeftOut(report);
      if (left > 0) throw new CliExit(EXIT_CHECK_FAILED, `${dir}: ${left} row${left === 1 ? '' : 's'} left out (listed above): exit 1`);
    });
  },
};
