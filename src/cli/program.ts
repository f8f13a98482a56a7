import { Command, CommanderError } from 'commander';
import { errorLines } from './error-lines.js';
import { EXIT_BAD_INPUT, EXIT_CODES_HELP, EXIT_OK } from './exit-codes.js';
import type { CliIo } from './io.js';
import { CliExit } from './cli-exit.js';
import { COMMANDS } from './commands/index.js';
import { VERSION } from './version.js';

export { CliExit } from './cli-exit.js';

/** Prefix of every error message on stderr. */
const PREFIX = 'gfp: ';


/** A CLI command: registers itself on the program and reports through `io`. */
export interface CliCommand {
  register(program: Command, io: CliIo): void;
}

/** Builds the `gfp` program with every command registered. */
export function buildProgram(io: CliIo): Command {
  const program = new Command();
  program
    .name('gfp')
    .description('goods-find-people: recommendations from interests and trending topics, with merchant exposure fairness')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // One prefix for every error: commander's own usage errors say `gfp: ...` too.
      outputError: (s, write) => write(s.replace(/^error: /, `${PREFIX}`)),
    })
    .addHelpText('afterAll', EXIT_CODES_HELP);
  for (const command of COMMANDS) command.register(program, io);
  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

function exitCodeFor(error: unknown, io: CliIo): number {
  if (error instanceof CliExit) {
    if (error.message !== '') io.err(`${PREFIX}${error.message}`);
    return error.exitCode;
  }
  if (error instanceof CommanderError) {
    // Help and version are successful exits; usage errors are bad input (commander printed them).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return EXIT_OK;
    }
    return EXIT_BAD_INPUT;
  }
  const { lines, code } = errorLines(error, { stack: true });
  lines.forEach((line, i) => io.err(i === 0 ? `${PREFIX}${line}` : line));
  return code;
}
