import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';

/** An output file a flag names (`flag` without dashes; `path` undefined when the flag is absent). */
export interface OutputPath {
  readonly flag: string;
  readonly path: string | undefined;
}

async function statOrUndefined(path: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

/**
 * Checks, before any work, that every given output file can be written: its directory exists, is
 * a directory and is writable, and the path itself is not a directory. Throws a ConfigError
 * naming the flag and the path (exit code 2) at the first that cannot.
 */
export async function checkOutputPaths(outputs: readonly OutputPath[]): Promise<void> {
  for (const { flag, path } of outputs) {
    if (path === undefined) continue;
    const dir = dirname(resolve(path));
    const fail = (why: string): never => {
      throw new ConfigError(`--${flag} ${path}: cannot write there: ${why}`, flag);
    };
    const d = await statOrUndefined(dir);
    if (d === undefined) fail(`directory ${dir} does not exist`);
    else if (!d.isDirectory()) fail(`${dir} is not a directory`);
    const self = await statOrUndefined(path);
    if (self?.isDirectory() === true) fail('it is a directory (expected a file name)');
    try {
      await access(dir, constants.W_OK);
    } catch {
      fail(`directory ${dir} is not writable`);
    }
  }
}

/**
 * Creates an output directory (and its parents) before any work, and checks it is a writable
 * directory; a ConfigError naming `--out-dir` and the path when it cannot be.
 */
export async function makeOutputDir(dir: string, flag = 'out-dir'): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
    throw new ConfigError(`--${flag} ${dir}: cannot create or write this directory (${why})`, flag);
  }
}
