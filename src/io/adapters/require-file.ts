import { stat } from 'node:fs/promises';
import { DataError } from '../../errors.js';

/**
 * Checks that a file a dataset format needs exists and is a file, before reading it; a DataError
 * naming the format, the file expected and its role otherwise, e.g.
 * `ml-100k: expected the movie file u.item in /data/ml-100k (not found)`.
 */
export async function requireDatasetFile(format: string, path: string, role: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'not found' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
    throw new DataError(`${format}: expected the ${role} ${describe(path)} (${why})`, { cause: error });
  }
  if (!isFile) throw new DataError(`${format}: expected the ${role} ${describe(path)} (it is a directory)`);
}

function describe(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash < 0 ? path : `${path.slice(slash + 1)} in ${path.slice(0, slash) || '/'}`;
}
