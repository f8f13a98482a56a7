#!/usr/bin/env node
import { EXIT_OK } from './exit-codes.js';
import { processIo } from './io.js';
import { runCli } from './program.js';

// A reader that goes away (`gfp recommend ... | head -1`) is not an error: stop quietly, exit 0.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    throw error;
  });
}

// The only place in the library that ends the process.
const code = await runCli(process.argv.slice(2), processIo);
process.exitCode = code;
