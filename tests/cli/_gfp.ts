import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

/** Runs `gfp` in-process with captured stdout/stderr; returns the exit code and the output. */
export async function gfp(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const line = (t: string): string => (t.endsWith('\n') ? t : `${t}\n`);
  const io: CliIo = { out: (t) => void (out += line(t)), err: (t) => void (err += line(t)) };
  const code = await runCli(argv, io);
  return { code, out, err };
}
