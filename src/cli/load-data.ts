import { stat } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { DATASET_FORMATS, loadDataset } from '../io/load-dataset.js';
import { basename } from 'node:path';
import { DataError } from '../errors.js';
import type { DatasetFormat, LoadedMarketplace, LoadMode } from '../io/types.js';
import { generateMarketplace } from '../simulation/marketplace/generate.js';
import { BUNDLED_MARKETPLACE_OPTIONS } from '../simulation/marketplace/options.js';
import type { CliIo } from './io.js';
import { createProgressLine, type ProgressLine, type ProgressMode } from './progress.js';
import { loadWarnings } from './render-rejected.js';

/** Dataset formats the CLI accepts. */
export const DATA_FORMATS: readonly DatasetFormat[] = DATASET_FORMATS;

/** The bundled marketplace's directory, relative to the working directory. */
export const BUNDLED_DATA_DIR = 'fixtures/marketplace';

/** Flags shared by commands that read a dataset (`data` undefined: the command's default). */
export interface DataFlags {
  data?: string;
  format?: DatasetFormat;
  mode?: LoadMode;
  unknownProducts?: 'error' | 'skip';
}

/** The `--progress` / `--no-progress` flag as commander gives it (undefined: neither given). */
export interface ProgressFlags {
  progress?: boolean;
}

/** Help text of `--unknown-products` (also quoted by the loader's error message). */
const UNKNOWN_PRODUCTS_HELP = 'events naming a product the products file lacks: error (a bad row naming file and line) or skip (left out, counted)';

/** Adds `--progress` / `--no-progress`: progress on stderr, by default only on a terminal. */
export function addProgressOption(command: Command): Command {
  return command
    .option('--progress', 'show progress on stderr even when it is not a terminal (one line per step)')
    .option('--no-progress', 'no progress on stderr (default: shown on a terminal only)');
}

/** The progress line of a command's `--progress` flags (see {@link addProgressOption}) on `io.progress`. */
export function progressFromFlags(flags: ProgressFlags, io: CliIo): ProgressLine {
  const mode: ProgressMode = io.progress === undefined || flags.progress === false ? 'off' : flags.progress === true ? 'on' : 'auto';
  return createProgressLine({ mode, ...(io.progress !== undefined ? { stream: io.progress } : {}) });
}

/** Adds `--unknown-products error|skip` (default error). */
export function addUnknownProductsOption(command: Command): Command {
  return command.addOption(new Option('--unknown-products <policy>', UNKNOWN_PRODUCTS_HELP).choices(['error', 'skip']).default('error'));
}

/** The `--unknown-products` flag of a command that reads its dataset from a config file (undefined: not given). */
export interface UnknownProductsFlags {
  unknownProducts?: 'error' | 'skip';
}

/**
 * The `--unknown-products error|skip` option of a command that reads its dataset from an
 * evaluation config: no default, so that without the flag the config's `dataset.unknownProducts` decides.
 */
export function unknownProductsOverrideOption(): Option {
  return new Option('--unknown-products <policy>', `${UNKNOWN_PRODUCTS_HELP} (default: the config's dataset.unknownProducts, else error)`).choices(['error', 'skip']);
}

/**
 * Adds `--data DIR`, `--format F` and `--mode fail|collect` to a command. With `defaultDir`,
 * `--data` is optional (the command resolves the default, see {@link loadDataOrBundled});
 * without, it is required.
 */
export function addDataOptions(command: Command, defaultDir?: string): Command {
  const data = new Option('--data <dir>', 'dataset directory (marketplace CSVs, MovieLens, Amazon 2018 or Book-Crossing files)');
  if (defaultDir !== undefined) data.description += ` (default: ${defaultDir}, generated in memory when absent)`;
  else data.makeOptionMandatory();
  command
    .addOption(data)
    .addOption(new Option('--format <format>', 'dataset format (detected when absent)').choices(DATA_FORMATS))
    .addOption(new Option('--mode <mode>', 'bad rows: fail at the first, or collect, report on stderr and go on').choices(['fail', 'collect']).default('fail'));
  return addProgressOption(addUnknownProductsOption(command));
}

/**
 * Loads the dataset in `dir` with the flags' format, mode and unknown-products policy, showing
 * rows read on `progress`; in collect mode, prints a short report of the rejected rows (count per
 * file, the first few with file:line, field and reason) on stderr, and with `unknownProducts`
 * skip one line per file that had events of unknown products left out (how many).
 *
 * @throws DataError when no event was loaded (every row rejected or skipped): nothing to fit.
 */
export async function loadFromFlags(dir: string, flags: DataFlags, io: CliIo, progress?: ProgressLine): Promise<LoadedMarketplace> {
  let loaded: LoadedMarketplace;
  try {
    loaded = await loadDataset(dir, {
      ...(flags.format !== undefined ? { format: flags.format } : {}),
      mode: flags.mode ?? 'fail',
      unknownProducts: flags.unknownProducts ?? 'error',
      ...(progress?.active === true ? { onProgress: (p: { source: string; rows: number }) => progress.update(`load ${basename(p.source)}`, p.rows) } : {}),
    });
  } finally {
    progress?.stop();
  }
  for (const warning of loadWarnings(dir, loaded)) io.err(`warning: ${warning}`);
  if (loaded.data.events.length === 0) {
    const events = loaded.counts.filter((c) => c.entity === 'events');
    const read = events.reduce((sum, c) => sum + c.rows, 0);
    throw new DataError(`${dir}: no event was loaded (${read} event rows read, all rejected or skipped): nothing to fit`);
  }
  return loaded;
}

/** A dataset and how to name it in output. */
export interface CliData {
  readonly loaded: LoadedMarketplace;
  /** The directory, or a description of the generated marketplace. */
  readonly label: string;
}

/**
 * Loads `--data`, or without it the bundled marketplace: from ./fixtures/marketplace when that
 * exists, else generated in memory with {@link BUNDLED_MARKETPLACE_OPTIONS} (same records as the
 * fixture files), saying so in one line on stderr.
 */
export async function loadDataOrBundled(flags: DataFlags, io: CliIo, progress?: ProgressLine): Promise<CliData> {
  if (flags.data !== undefined) return { loaded: await loadFromFlags(flags.data, flags, io, progress), label: flags.data };
  if (await isDirectory(BUNDLED_DATA_DIR)) return { loaded: await loadFromFlags(BUNDLED_DATA_DIR, flags, io, progress), label: BUNDLED_DATA_DIR };
  io.err(`no --data and no ./${BUNDLED_DATA_DIR} here: generating the bundled marketplace in memory (seed ${BUNDLED_MARKETPLACE_OPTIONS.seed})`);
  const g = generateMarketplace(BUNDLED_MARKETPLACE_OPTIONS);
  const data = { products: g.products, merchants: g.merchants, events: g.events, topics: g.topics };
  const none = { products: [], merchants: [], events: [], topics: [] };
  return { loaded: { format: 'marketplace', data, rejected: none, counts: [] }, label: 'the generated marketplace' };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
