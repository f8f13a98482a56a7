/**
 * Learned blend weights (issue 11, docs/tuning.md): `gfp tune` on each committed tune config
 * (benchmarks/configs/*-tune.json). Per dataset, the blend is tuned on a validation split of the
 * training part only, then the blend as configured, the tuned blend and every single signal are
 * evaluated on the held-out test split (the `gfp eval` protocol: whole catalogue minus each
 * user's training items, fairness off); NDCG@10 and Recall@10 with 95% intervals and the paired
 * difference with the blend as configured.
 *
 * Run: `npm run bench -- tune` (datasets under GFP_DATA_ROOT, default ../shared; a dataset whose
 * files are missing is skipped with a note).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tuneSettings } from '../src/cli/commands/tune.js';
import { loadEvalOptions, readEvalConfigFile } from '../src/cli/eval-input.js';
import { configModels } from '../src/evaluation/config/to-options.js';
import { compareRuns } from '../src/evaluation/runner/compare.js';
import { meanCi } from '../src/evaluation/stats/summary.js';
import { describeTunedConfig } from '../src/evaluation/tune/render.js';
import { tuneAndEvaluate, tunedRunName, type TuneEvaluation } from '../src/evaluation/tune/tune-evaluate.js';
import { resolveDataPath } from '../src/io/data-root.js';
import { caption } from './_machine.js';
import { fmt, markdownTable } from './_markdown.js';

/** The tune configs, in report order, and what each shows. */
export const TUNE_CONFIGS: ReadonlyArray<{ readonly file: string; readonly title: string }> = [
  { file: 'fixtures-tune.json', title: 'Fixtures marketplace, temporal 80/20' },
  { file: 'mllatest-tune.json', title: 'MovieLens latest-small, temporal 80/20' },
  { file: 'mllatest-last10-tune.json', title: 'MovieLens latest-small, each user\'s last 10 ratings held out' },
  { file: 'ml100k-p1-tune.json', title: 'MovieLens 100K, protocol P1' },
  { file: 'giftcards-tune.json', title: 'Amazon 2018 gift cards (5-core), each user\'s last review held out' },
];

const interval = (mean: number, ci: readonly [number, number], sign = false): string => {
  const f = (x: number): string => (sign && x >= 0 ? `+${fmt(x)}` : fmt(x));
  return `${f(mean)} [${f(ci[0])}, ${f(ci[1])}]`;
};

/** The table of one dataset: every run's NDCG@10 and Recall@10, and its paired difference with the blend as configured. */
function datasetTable(result: TuneEvaluation): string {
  const { report } = result;
  const base = report.runs[0]!;
  const rows = report.runs.map((run, i) => {
    const ndcg = run.metrics['ndcg@10']!;
    const recall = run.metrics['recall@10']!;
    const label = i === 0 ? `${run.name} (as configured)` : run.name;
    if (i === 0) return [label, interval(ndcg.mean, ndcg.ci95), interval(recall.mean, recall.ci95), '', ''];
    const a = base.metrics['ndcg@10']!.perUser!;
    const diff = meanCi(ndcg.perUser!.map((v, u) => v - a[u]!));
    const p = compareRuns(base, run, { labels: ['ndcg@10'] })[0]!.pairedT;
    return [label, interval(ndcg.mean, ndcg.ci95), interval(recall.mean, recall.ci95), interval(diff.mean, diff.ci95, true), p.toPrecision(2)];
  });
  return markdownTable(['run', 'NDCG@10 [95% CI]', 'Recall@10 [95% CI]', 'NDCG@10 - as configured [95% CI]', 'p (paired t)'], rows);
}

/** One line of the summary: the blend as configured, the tuned blend and the best single signal, on the test split. */
function summaryRow(title: string, result: TuneEvaluation, tunedName: string): string[] {
  const runs = result.report.runs;
  const base = runs[0]!;
  const tuned = runs.find((r) => r.name === tunedName)!;
  const ndcg = (r: (typeof runs)[number]): number => r.metrics['ndcg@10']!.mean;
  const singles = runs.filter((r) => r !== base && r !== tuned);
  const best = singles.reduce((a, b) => (ndcg(b) > ndcg(a) ? b : a), singles[0]!);
  const a = base.metrics['ndcg@10']!.perUser!;
  const diff = meanCi(tuned.metrics['ndcg@10']!.perUser!.map((v, u) => v - a[u]!));
  const p = compareRuns(base, tuned, { labels: ['ndcg@10'] })[0]!.pairedT;
  return [title, String(result.report.users?.length ?? 0), fmt(ndcg(base)), fmt(ndcg(tuned)), interval(diff.mean, diff.ci95, true), p.toPrecision(2), `${best.name} ${fmt(ndcg(best))}`];
}

/** One dataset's section (and its summary row), or a note when its data is missing. */
async function section(file: string, title: string): Promise<{ markdown: string; summary?: string[] }> {
  const path = join(import.meta.dirname, 'configs', file);
  const config = await readEvalConfigFile(path);
  const data = resolveDataPath(config.config.dataset.path, config.dir);
  if (!existsSync(data)) return { markdown: `### ${title}\n\nSkipped: ${data} not found (set GFP_DATA_ROOT).\n` };
  const options = await loadEvalOptions(config, () => undefined);
  const models = configModels(config.config);
  const model = models.find((m) => m.name === (config.config.tune?.model ?? models[0]!.name))!;
  const t0 = performance.now();
  const result = tuneAndEvaluate({ evaluation: options, model, alsoEvaluate: models.filter((m) => m !== model), tune: tuneSettings(config.config) });
  const seconds = (performance.now() - t0) / 1000;
  const { tune, report } = result;
  const v = tune.validation;
  const markdown = [
    `### ${title}`,
    '',
    `\`benchmarks/configs/${file}\`: ${report.users?.length ?? 0} test users (${report.split.strategy} split, ${report.split.trainEvents} training events). ` +
      `Tuned on the validation split ${v.split} of the training part (${v.users} users): NDCG@10 there ${fmt(tune.baseline.mean)} -> ${fmt(tune.tuned.mean)} (in-sample). ` +
      `Tuning and evaluation took ${seconds.toFixed(0)} s.`,
    '',
    datasetTable(result),
    '',
    `\`${tunedRunName(model.name)}\`: ${describeTunedConfig(tune)}${tune.steps.length === 0 ? ' (no change kept: the configured weights stand)' : ''}.`,
    '',
  ].join('\n');
  return { markdown, summary: summaryRow(title, result, tunedRunName(model.name)) };
}

/** Runs every tune config; returns the Markdown section. */
export async function run(): Promise<string> {
  const sections: string[] = [];
  const summary: string[][] = [];
  for (const { file, title } of TUNE_CONFIGS) {
    console.error(`tune: ${file} ...`);
    const done = await section(file, title);
    sections.push(done.markdown);
    if (done.summary !== undefined) summary.push(done.summary);
  }
  return [
    '## Learned blend weights: `gfp tune` against the blend as configured and each signal alone',
    '',
    'Each blend is tuned on a validation split cut from the training part only (coordinate ascent on NDCG@10 keeping a change only when its gain exceeds two standard errors of the per-user gains, docs/tuning.md); ' +
      'the test split is never seen by the tuning. Every run then ranks the whole catalogue minus each user\'s training items on the test split, fairness off. ' +
      'Intervals are 95% t intervals over the test users; the difference is paired per user.',
    '',
    markdownTable(['dataset', 'test users', 'NDCG@10 as configured', 'tuned', 'tuned - configured [95% CI]', 'p (paired t)', 'best single signal'], summary),
    '',
    ...sections,
    caption('npm run bench -- tune', { timed: false }),
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.stdout.write(await run());
