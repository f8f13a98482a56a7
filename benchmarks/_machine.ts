/** The machine a benchmark ran on, for the line under each table. */
import { cpus } from 'node:os';

/** CPU model, core count, Node version and UTC date, e.g. `AMD EPYC, 2 cores, Node v20.20.2, 2026-11-26`. */
export function machineLine(): string {
  const cpu = cpus();
  const model = (cpu[0]?.model ?? 'unknown CPU').trim();
  return `${model}, ${cpu.length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/** The standard caption under a table: machine, the command that made it, and the sharing caveat. */
export function caption(command: string): string {
  return `Machine: ${machineLine()} (shared with other jobs: timings are medians, compare ratios). Command: \`${command}\`.`;
}
