import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { renderJson, renderMarkdown } from '../../evaluation/report/render.js';
import { renderSweepTable, renderTradeoffSvg } from '../../evaluation/report/sweep.js';
import { defaultTradeoffAxes, runSweep, sweepMetrics, type SweepGrid } from '../../evaluation/sweep-run.js';
import { loadEvalOptions, readEvalConfigFile, warningsTo, withUnknownProducts } from '../eval-input.js';
import type { CliIo } from '../io.js';
import { unknownProductsOverrideOption, type UnknownProductsFlags } from '../load-data.js';
import { makeOutputDir } from '../output-paths.js';
import type { CliCommand } from '../program.js';
import { withEvalProgress } from '../progress.js';

interface SweepFlags extends UnknownProductsFlags {
  param?: string;
  values?: string;
  outDir?: string;
  x?: string;
  y?: string;
  quiet?: boolean;
}

/** A grid value from the command line: a number when numeric, true/false, else the text. */
function parseValue(text: string): number | string | boolean {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : t;
}

/** A file-name-safe slug of a run name. */
function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

/**
 * `gfp sweep CONFIG.json`: evaluates a model key over a grid (from `--param/--values` or the
 * config's `sweep`), prints the accuracy-fairness table per model, and with `--out-dir` writes the
 * report (`sweep.json`, gate-readable), the tables (`sweep.md`) and a trade-off chart per model
 * (`sweep-<model>.svg`).
 */
export const sweepCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    program
      .command('sweep')
      .description('sweep a model config key over a grid (e.g. fairness lambda): accuracy-fairness table and SVG chart')
      .argument('<config>', 'evaluation config (JSON); its `sweep` section gives the grid unless --param/--values do')
      .option('--param <path>', 'key to vary: models.<index or *>.<key path>, e.g. models.0.fairness.rerank.lambda')
      .option('--values <list>', 'comma-separated grid values, e.g. 0,0.1,0.2,0.5')
      .option('--out-dir <dir>', 'write sweep.json, sweep.md and sweep-<model>.svg here')
      .option('--x <label>', 'chart x axis (default merchant-gini@k or another fairness metric)')
      .option('--y <label>', 'chart y axis (default ndcg@k)')
      .option('--quiet', 'no progress bar and no warnings')
      .addOption(unknownProductsOverrideOption())
      .action(async (configFile: string, flags: SweepFlags) => {
        const file = withUnknownProducts(await readEvalConfigFile(configFile), flags.unknownProducts);
        const fromConfig = file.config.sweep;
        if ((flags.param === undefined) !== (flags.values === undefined)) throw new ConfigError('give --param and --values together', 'param');
        const grid: SweepGrid | undefined =
          flags.param !== undefined && flags.values !== undefined
            ? { parameter: flags.param, values: flags.values.split(',').filter((v) => v.trim() !== '').map(parseValue) }
            : fromConfig;
        if (grid === undefined || grid.values.length === 0) {
          throw new ConfigError(`${configFile} has no "sweep" section; give --param PATH --values a,b,c`, 'sweep');
        }
        // The output directory first (created if missing): a bad path must not cost a whole sweep.
        if (flags.outDir !== undefined) await makeOutputDir(flags.outDir);
        const warn = warningsTo(io, flags.quiet === true);
        const options = await loadEvalOptions(file, warn);
        const result = withEvalProgress(flags.quiet === true, (onProgress) =>
          runSweep({ ...options, ...(onProgress === undefined ? {} : { onProgress }) }, grid, warn),
        );
        const axes = defaultTradeoffAxes(sweepMetrics(options));
        const x = flags.x ?? fromConfig?.x ?? axes.x;
        const y = flags.y ?? fromConfig?.y ?? axes.y;
        // The logged metric and, with a propensity model, its corrected estimate on one chart.
        const corrected = flags.y === undefined && fromConfig?.y === undefined ? axes.corrected : undefined;
        const series = y === undefined ? undefined : corrected === undefined ? [y] : [y, corrected];
        const md: string[] = [renderMarkdown(result.report)];
        for (const s of result.sweeps) {
          io.out(`${s.model}: ${s.sweep.parameter}\n${renderSweepTable(s.sweep, { format: 'console' })}`);
          md.push(`### ${s.model}: ${s.sweep.parameter}\n\n${renderSweepTable(s.sweep)}`);
        }
        if (flags.outDir === undefined) return;
        await writeFile(join(flags.outDir, 'sweep.json'), renderJson(result.report), 'utf8');
        for (const s of result.sweeps) {
          if (x === undefined || series === undefined) break;
          const svg = `sweep-${slug(s.model)}.svg`;
          const title = `${s.model}: ${series.join(' and ')} vs ${x}`;
          const scale = series.length > 1 ? 'change' : 'value';
          await writeFile(join(flags.outDir, svg), renderTradeoffSvg(s.sweep, { x, y: series, title, scale }), 'utf8');
          md.push(`![${title}](${svg})\n`);
        }
        await writeFile(join(flags.outDir, 'sweep.md'), md.join('\n'), 'utf8');
        io.out(`wrote ${join(flags.outDir, 'sweep.json')}, sweep.md${x !== undefined && y !== undefined ? ` and ${result.sweeps.length} chart(s)` : ''}`);
      });
  },
};
