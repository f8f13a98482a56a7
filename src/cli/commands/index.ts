import type { CliCommand } from '../program.js';
import { gateCommand } from './gate.js';
import { generateCommand } from './generate.js';
import { inspectCommand } from './inspect.js';

/** Every `gfp` command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [generateCommand, gateCommand, inspectCommand];
