/**
 * The API reference (TypeDoc over the four public entries, typedoc.json) builds without a broken
 * link, a type referenced but not exported, or an undocumented export: the validation of
 * `npm run docs`, run here without writing the HTML.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** TypeDoc's exit code, warnings and errors for the repository's typedoc.json (no output written). */
async function typedocProblems(): Promise<{ code: number; problems: string[] }> {
  const bin = join(ROOT, 'node_modules/typedoc/bin/typedoc');
  const { code, output } = await new Promise<{ code: number; output: string }>((done) => {
    execFile(process.execPath, [bin, '--emit', 'none'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 180_000 }, (error, so, se) =>
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${so}${se}` }),
    );
  });
  const problems = output
    .split('\n')
    .map((l) => l.replace(/\u001b\[[0-9;]*m/g, '').trim())
    .filter((l) => /^\[(warning|error)\]/.test(l) && !/Found \d+ errors and \d+ warnings/.test(l))
    .map((l) => l.replace(/^\[(warning|error)\] /, ''));
  return { code, problems };
}

describe('the API reference', () => {
  it('has no broken link, unexported referenced type or undocumented export', async () => {
    expect(await typedocProblems()).toEqual({ code: 0, problems: [] });
  });
});
