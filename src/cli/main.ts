#!/usr/bin/env node
import { processIo } from './io.js';
import { runCli } from './program.js';

// A reader that goes away (`gfp recommend ... | head -1`) is not an error: the stream is dropped
// (processIo writes nothing more to it) and the command runs to its end, so the files it writes
// (`gfp eval --out`) are complete; the exit code is the command's. Exiting at once here left a
// report half written (0 bytes) with exit 0.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// The only place in the library that ends the process.
const code = await runCli(process.argv.slice(2), processIo);
process.exitCode = code;
