/** Exit code: success. */
export const EXIT_OK = 0;
/** Exit code: a check failed (e.g. the regression gate found a regression). */
export const EXIT_CHECK_FAILED = 1;
/** Exit code: bad input (arguments, files, data); the message is on stderr. */
export const EXIT_BAD_INPUT = 2;
/** Exit code: an internal error (a bug in gfp); the stack trace is on stderr. */
export const EXIT_INTERNAL_ERROR = 3;

/** The exit codes as a help epilogue, printed after every command's `--help`. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  a check failed (gfp gate found a regression)
  2  bad input (arguments, files, data); the message says what is wrong
  3  internal error (a bug in gfp: please report it with the stack trace)`;
