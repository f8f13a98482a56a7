/**
 * What the CLI says about an error that ends a command: the lines (the message, then up to 19
 * further issues, indented) and the exit code. Used for stderr and for the files `gfp gate`
 * writes when it could not compare.
 */
import { GfpError, ValidationError, formatIssue } from '../errors.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL_ERROR } from './exit-codes.js';
import { describeSystemError, isSystemError } from './system-error.js';

/** The lines and exit code for `error`: library errors and file-system errors are bad input (2), anything else internal (3). */
export function errorLines(error: unknown, options: { stack?: boolean } = {}): { lines: string[]; code: number } {
  if (error instanceof ValidationError) return { lines: [`invalid input: ${error.message}`, ...error.issues.slice(1, 20).map((i) => `  ${formatIssue(i)}`)], code: EXIT_BAD_INPUT };
  if (error instanceof GfpError) return { lines: [error.message], code: EXIT_BAD_INPUT };
  // Node file-system errors (ENOENT, EACCES, EISDIR ...) are bad input.
  if (isSystemError(error)) return { lines: [describeSystemError(error)], code: EXIT_BAD_INPUT };
  const text = error instanceof Error ? (options.stack === true ? (error.stack ?? error.message) : error.message) : String(error);
  return { lines: [`internal error (a bug in gfp, please report it): ${text}`], code: EXIT_INTERNAL_ERROR };
}
