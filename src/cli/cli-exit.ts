/** Thrown by a command to exit with a code after printing its own output (e.g. a failed gate). */
export class CliExit extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, message = '') {
    super(message);
    this.exitCode = exitCode;
  }
}
