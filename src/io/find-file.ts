import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** True when `path` is an existing regular file. */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The first of `names` that is a file in `dir`, as a joined path, or `undefined`. */
export async function findFile(dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) {
    const path = join(dir, name);
    if (await isFile(path)) return path;
  }
  return undefined;
}

/** The first of `names` in `dir` that exists but is not a regular file (a directory, say), as a joined path, or `undefined`. */
export async function firstNonFile(dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (!(await stat(path)).isFile()) return path;
    } catch {
      // absent: not this one
    }
  }
  return undefined;
}
