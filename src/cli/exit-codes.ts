/** Exit code: success. */
export const EXIT_OK = 0;
/** Exit code: a check failed (e.g. the regression gate found a regression). */
export const EXIT_CHECK_FAILED = 1;
/** Exit code: bad input (arguments, files, data); the message is on stderr. */
export const EXIT_BAD_INPUT = 2;
