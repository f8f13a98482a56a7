import { basename, dirname, extname, resolve } from 'node:path';
import { resolveDataPath } from '../io/data-root.js';
import { ConfigError, ValidationError, type ValidationIssue } from '../errors.js';
import { parseEvalConfig } from '../evaluation/config/parse.js';
import type { EvalConfig } from '../evaluation/config/schema.js';
import { evaluateOptionsFromConfig } from '../evaluation/config/to-options.js';
import { parseGivenPropensities } from '../evaluation/propensity/given-file.js';
import type { EvaluateOptions, FixedSplit } from '../evaluation/runner/types.js';
import { loadDataset, type LoadDatasetOptions } from '../io/load-dataset.js';
import type { LoadedMarketplace } from '../io/types.js';
import type { Event } from '../schema/entities.js';
import type { CliIo } from './io.js';
import { readTextFile } from './system-error.js';
import { loadWarnings } from './render-rejected.js';

/** A warning printer for `--quiet`-aware commands: `warning: ...` on stderr unless quiet. */
export function warningsTo(io: CliIo, quiet: boolean): (message: string) => void {
  return (message) => {
    if (!quiet) io.err(`warning: ${message}`);
  };
}

/** A config file read and validated, with its directory (paths in it resolve against it). */
export interface EvalConfigFile {
  readonly file: string;
  readonly dir: string;
  readonly config: EvalConfig;
}

/**
 * Reads and validates an evaluation config file. Invalid JSON is a ValidationError naming the
 * file; a schema problem a ConfigError naming the file and the JSON path.
 */
export async function readEvalConfigFile(file: string): Promise<EvalConfigFile> {
  const text = await readTextFile(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError([{ source: file, field: '', reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  return { file, dir: dirname(resolve(file)), config: parseEvalConfig(json, file) };
}

/**
 * The config file with `dataset.unknownProducts` set to `policy` (a command's
 * `--unknown-products` flag); the file as read when `policy` is undefined (the flag not given).
 */
export function withUnknownProducts(file: EvalConfigFile, policy: 'error' | 'skip' | undefined): EvalConfigFile {
  if (policy === undefined) return file;
  return { ...file, config: { ...file.config, dataset: { ...file.config.dataset, unknownProducts: policy } } };
}

/**
 * Parses a pairs file (`user<sep>item[<sep>weight]` per line) into implicit events of type
 * `interaction`, time 0 and the weight (default 1). Every item must be in the catalogue.
 * @throws ValidationError naming the file, line, field and value of the first bad line.
 */
export function parsePairs(text: string, source: string, separator: string, header: boolean, catalogue: ReadonlySet<string>): Event[] {
  const events: Event[] = [];
  const lines = text.split('\n');
  const fail = (issue: Omit<ValidationIssue, 'source'>): never => {
    throw new ValidationError([{ source, ...issue }]);
  };
  for (let i = header ? 1 : 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const line = i + 1;
    const cells = raw.split(separator).map((c) => c.trim());
    const [userId = '', productId = '', weightText] = cells;
    if (userId === '') fail({ line, field: 'user', value: raw, reason: `expected user${separator === '\t' ? '<TAB>' : ','}item` });
    if (productId === '') fail({ line, field: 'item', value: raw, reason: `expected user${separator === '\t' ? '<TAB>' : ','}item` });
    if (!catalogue.has(productId)) fail({ line, field: 'item', value: productId, reason: "not in the dataset's catalogue" });
    const weight = weightText === undefined || weightText === '' ? 1 : Number(weightText);
    if (!(Number.isFinite(weight) && weight >= 0)) fail({ line, field: 'weight', value: weightText, reason: 'expected a finite non-negative number' });
    events.push({ userId, productId, type: 'interaction', timestamp: 0, weight });
  }
  return events;
}

/** The io loader options a config's `dataset` block gives (keys left out keep the loaders' defaults). */
export function datasetLoadOptions(d: EvalConfig['dataset']): LoadDatasetOptions {
  const { path: _path, name: _name, merchantTiers, ...rest } = d;
  const options = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as LoadDatasetOptions;
  return merchantTiers === undefined ? options : { ...options, merchantTiers: merchantTiers.map((t) => [t.merchant, t.tier] as const) };
}

/**
 * Refuses a temporal or leave-last-n split on data without event times (Book-Crossing: every
 * event carries one constant time, so "later" means nothing).
 * @throws ConfigError (path `split.strategy`) naming the config file and the format.
 */
export function refuseTimeSplitWithoutTimes(config: EvalConfig, loaded: LoadedMarketplace, file: string): void {
  const strategy = config.split.strategy;
  if (loaded.adapter?.timestamps !== 'none' || (strategy !== 'temporal' && strategy !== 'leave-last-n')) return;
  throw new ConfigError(
    `${file}: split.strategy "${strategy}" needs event times, and ${loaded.format} data has none (every event is at ` +
      `${new Date(loaded.adapter.syntheticTimestamp ?? 0).toISOString()}); use "random-holdout" or a "files" split`,
    'split.strategy',
  );
}

/**
 * Loads what a config names, paths relative to the config file (or to the data root when they
 * start with `$GFP_DATA_ROOT/`): the dataset through the io
 * adapters (format given or detected), for a `files` split the train and test pairs, and for a
 * `given` propensity model its file. Rejected rows (`dataset.mode` collect) and events of unknown
 * products left out (`dataset.unknownProducts` skip) are reported through `onWarning`, counted per file.
 */
export async function loadEvalOptions(file: EvalConfigFile, onWarning: (message: string) => void): Promise<EvaluateOptions> {
  const { config, dir } = file;
  const d = config.dataset;
  const path = resolveDataPath(d.path, dir);
  const loaded = await loadDataset(path, datasetLoadOptions(d));
  refuseTimeSplitWithoutTimes(config, loaded, file.file);
  for (const warning of loadWarnings(path, loaded)) onWarning(warning);
  const dataset = { name: d.name ?? basename(path), data: loaded.data };
  let fixed: FixedSplit | undefined;
  const s = config.split;
  if (s.strategy === 'files') {
    const catalogue = new Set(loaded.data.products.map((p) => p.id));
    const read = async (name: 'train' | 'test'): Promise<Event[]> => {
      const f = resolveDataPath(s[name], dir);
      const separator = (s.delimiter ?? (extname(f).toLowerCase() === '.csv' ? 'comma' : 'tab')) === 'comma' ? ',' : '\t';
      return parsePairs(await readTextFile(f), f, separator, s.header, catalogue);
    };
    fixed = { strategy: 'files', train: await read('train'), test: await read('test'), params: { train: s.train, test: s.test } };
  }
  const p = config.propensity;
  const given = p?.model === 'given' ? parseGivenPropensities(await readTextFile(resolveDataPath(p.file, dir)), resolveDataPath(p.file, dir)) : undefined;
  return evaluateOptionsFromConfig(config, dataset, fixed, given);
}
