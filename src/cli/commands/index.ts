import type { CliCommand } from '../program.js';

/** Every `gfp` command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [];
