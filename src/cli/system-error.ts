import { readFile } from 'node:fs/promises';

/** Node's file-system error codes and what to say about them. */
const FILE_ERRORS: ReadonlyMap<string, string> = new Map([
  ['ENOENT', 'no such file or directory'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'permission denied'],
  ['EISDIR', 'is a directory (expected a file)'],
  ['ENOTDIR', 'not a directory'],
  ['EEXIST', 'already exists'],
  ['ENOSPC', 'no space left on the device'],
  ['EROFS', 'read-only file system'],
  ['EMFILE', 'too many open files'],
]);

/** A Node system error (`code` like `ENOENT`, optional `path`). */
export interface SystemError extends Error {
  readonly code: string;
  readonly path?: string;
}

/** True for Node system errors (an `Error` with a `code` such as `ENOENT`). */
export function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code);
}

/**
 * A Node file-system error as a readable line: `<path>: no such file or directory`; codes
 * without a known wording keep Node's message.
 */
export function describeSystemError(error: SystemError): string {
  const what = FILE_ERRORS.get(error.code);
  if (what === undefined) return error.message;
  return error.path !== undefined ? `${error.path}: ${what}` : `${what} (${error.code})`;
}

/**
 * Reads a UTF-8 text file for a command. Node leaves the path out of some errors (EISDIR on
 * read); this puts it back, so the CLI can say `<path>: is a directory (expected a file)`.
 */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isSystemError(error) && error.path === undefined) throw Object.assign(error, { path });
    throw error;
  }
}
