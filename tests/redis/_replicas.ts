/**
 * Runs replica processes (tests/redis/_replica.ts) together: starts them, waits until every one
 * has fitted, releases them at once, and collects their results and exit codes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ReplicaResult, ReplicaSettings } from './_replica.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** One finished replica. */
export interface ReplicaRun {
  readonly code: number | null;
  readonly stderr: string;
  readonly result: ReplicaResult | undefined;
}

/** Settings without the output file (chosen here). */
export type ReplicaPlan = Omit<ReplicaSettings, 'out'>;

/**
 * Runs one process per plan from the repository root; `onProgress(total served)` is called as
 * they report. Resolves when all have exited (each is killed after `timeoutMs`).
 */
export async function runReplicas(plans: readonly ReplicaPlan[], onProgress?: (served: number) => void, timeoutMs = 120_000): Promise<ReplicaRun[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gfp-replicas-'));
  const progress = plans.map(() => 0);
  const children: ChildProcess[] = [];
  const ready: Array<Promise<void>> = [];
  const exits: Array<Promise<ReplicaRun>> = plans.map((plan, i) => {
    const out = join(dir, `replica-${i}.json`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/redis/_replica.ts'], {
      cwd: ROOT,
      env: { ...process.env, GFP_REPLICA: JSON.stringify({ ...plan, out }) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout! });
    ready.push(
      new Promise<void>((res, rej) => {
        lines.on('line', (line) => {
          if (line === 'ready') res();
          const m = /^progress (\d+)$/.exec(line);
          if (m !== null) {
            progress[i] = Number(m[1]);
            onProgress?.(progress.reduce((a, b) => a + b, 0));
          }
        });
        child.once('exit', () => rej(new Error(`replica ${i} exited before ready: ${stderr}`)));
      }),
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    return new Promise<ReplicaRun>((res) => {
      child.once('exit', (code) => {
        clearTimeout(timer);
        let result: ReplicaResult | undefined;
        try {
          result = JSON.parse(readFileSync(out, 'utf8')) as ReplicaResult;
        } catch {
          result = undefined;
        }
        res({ code, stderr, result });
      });
    });
  });
  try {
    await Promise.all(ready);
  } catch (error) {
    for (const c of children) c.kill('SIGKILL');
    throw error;
  }
  for (const c of children) c.stdin!.write('go\n');
  return Promise.all(exits);
}
