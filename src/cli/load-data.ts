import { stat } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { DATASET_FORMATS, loadDataset } from '../io/load-dataset.js';
import type { DatasetFormat, LoadedMarketplace, LoadMode } from '../io/types.js';
import { generateMarketplace } from '../simulation/marketplace/generate.js';
import { BUNDLED_MARKETPLACE_OPTIONS } from '../simulation/marketplace/options.js';
import type { CliIo } from './io.js';
import { rejectedRowsReport } from './render-rejected.js';

/** Dataset formats the CLI accepts. */
export const DATA_FORMATS: readonly DatasetFormat[] = DATASET_FORMATS;

/** The bundled marketplace's directory, relative to the working directory. */
export const BUNDLED_DATA_DIR = 'fixtures/marketplace';

/** Flags shared by commands that read a dataset (`data` undefined: the command's default). */
export interface DataFlags {
  data?: string;
  format?: DatasetFormat;
  mode?: LoadMode;
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
  return command
    .addOption(data)
    .addOption(new Option('--format <format>', 'dataset format (detected when absent)').choices(DATA_FORMATS))
    .addOption(new Option('--mode <mode>', 'bad rows: fail at the first, or collect, report on stderr and go on').choices(['fail', 'collect']).default('fail'));
}

/**
 * Loads the dataset in `dir` with the flags' format and mode; in collect mode, prints a short
 * report of the rejected rows (count per file, the first few with file:line, field and reason)
 * on stderr.
 */
export async function loadFromFlags(dir: string, flags: DataFlags, io: CliIo): Promise<LoadedMarketplace> {
  const loaded = await loadDataset(dir, {
    ...(flags.format !== undefined ? { format: flags.format } : {}),
    mode: flags.mode ?? 'fail',
  });
  const report = rejectedRowsReport(dir, loaded);
  if (report !== undefined) io.err(`warning: ${report}`);
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
export async function loadDataOrBundled(flags: DataFlags, io: CliIo): Promise<CliData> {
  if (flags.data !== undefined) return { loaded: await loadFromFlags(flags.data, flags, io), label: flags.data };
  if (await isDirectory(BUNDLED_DATA_DIR)) return { loaded: await loadFromFlags(BUNDLED_DATA_DIR, flags, io), label: BUNDLED_DATA_DIR };
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
