import type { CliCommand } from '../program.js';
import { demoCommand } from './demo.js';
import { evalCommand } from './eval.js';
import { gateCommand } from './gate.js';
import { generateCommand } from './generate.js';
import { inspectCommand } from './inspect.js';
import { recommendCommand } from './recommend.js';
import { simulateCommand } from './simulate.js';
import { sweepCommand } from './sweep.js';
import { tuneCommand } from './tune.js';

/** Every `gfp` command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [demoCommand, recommendCommand, generateCommand, inspectCommand, evalCommand, sweepCommand, tuneCommand, simulateCommand, gateCommand];
