import { processIo } from './io.js';
import { runCli } from './program.js';

// The only place in the library that ends the process.
const code = await runCli(process.argv.slice(2), processIo);
process.exitCode = code;
