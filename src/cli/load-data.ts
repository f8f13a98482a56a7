import { Option, type Command } from 'commander';
import { loadDataset } from '../io/load-dataset.js';
import type { DatasetFormat, LoadedMarketplace, LoadMode } from '../io/types.js';

/** Dataset formats the CLI accepts. */
export const DATA_FORMATS: readonly DatasetFormat[] = ['marketplace', 'ml-100k', 'ml-latest-small', 'ml-1m', 'amazon-2018'];

/** Flags shared by commands that read a dataset. */
export interface DataFlags {
  data: string;
  format?: DatasetFormat;
  mode?: LoadMode;
}

/** Adds `--data DIR`, `--format F` and `--mode fail|collect` to a command. */
export function addDataOptions(command: Command, defaultDir?: string): Command {
  const data = new Option('--data <dir>', 'dataset directory (marketplace CSVs, MovieLens or Amazon 2018 files)');
  if (defaultDir !== undefined) data.default(defaultDir);
  else data.makeOptionMandatory();
  return command
    .addOption(data)
    .addOption(new Option('--format <format>', 'dataset format (detected when absent)').choices(DATA_FORMATS))
    .addOption(new Option('--mode <mode>', 'bad rows: fail at the first, or collect and report').choices(['fail', 'collect']).default('fail'));
}

/** Loads the dataset the flags name. */
export function loadFromFlags(flags: DataFlags): Promise<LoadedMarketplace> {
  return loadDataset(flags.data, {
    ...(flags.format !== undefined ? { format: flags.format } : {}),
    mode: flags.mode ?? 'fail',
  });
}
