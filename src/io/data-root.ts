import { isAbsolute, join, resolve } from 'node:path';

/** Name of the environment variable that points at the folder holding external datasets. */
export const DATA_ROOT_ENV = 'GFP_DATA_ROOT';

/** The placeholder a config path may start with to name the data root (`$GFP_DATA_ROOT/data/ml-100k`). */
export const DATA_ROOT_PLACEHOLDER = `$${DATA_ROOT_ENV}`;

/**
 * The folder holding external datasets (real data never ships with the project): the environment
 * variable `GFP_DATA_ROOT` when set and non-empty, else `../shared` resolved against `cwd` (the
 * repository root under npm scripts). Absolute path.
 * @example dataRoot({}, 'projects/app') // the absolute path of 'projects/shared'
 */
export function dataRoot(env: Readonly<Record<string, string | undefined>> = process.env, cwd: string = process.cwd()): string {
  const fromEnv = env[DATA_ROOT_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? resolve(cwd, fromEnv) : resolve(cwd, '..', 'shared');
}

/**
 * Resolves a path from a config: `$GFP_DATA_ROOT/...` (or `${GFP_DATA_ROOT}/...`) against the
 * data root, an absolute path as is, anything else against `base` (the config file's folder).
 * @example resolveDataPath('$GFP_DATA_ROOT/data/ml-100k', '/cfg', { GFP_DATA_ROOT: '/d' }) // '/d/data/ml-100k'
 */
export function resolveDataPath(
  path: string,
  base: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): string {
  for (const prefix of [DATA_ROOT_PLACEHOLDER, `\${${DATA_ROOT_ENV}}`]) {
    if (path === prefix) return dataRoot(env, cwd);
    if (path.startsWith(`${prefix}/`)) return join(dataRoot(env, cwd), path.slice(prefix.length + 1));
  }
  return isAbsolute(path) ? path : resolve(base, path);
}
