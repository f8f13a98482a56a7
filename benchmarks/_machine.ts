/** The machine a benchmark ran on, for the line under each table. */
import { cpus } from 'node:os';

/** CPU model, core count, Node version and UTC date, e.g. `AMD EPYC, 2 cores, Node v20.20.2, 2026-11-26`. */
export function machineLine(): string {
  const cpu = cpus();
  const model = (cpu[0]?.model ?? 'unknown CPU').trim();
  return `${model}, ${cpu.length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/**
 * The standard caption under a table: machine, the command that made it, and, for timed tables,
 * the sharing caveat (quality-only tables are the same on any machine).
 */
export function caption(command: string, options: { timed?: boolean } = {}): string {
  const caveat = options.timed === false ? '' : ' (shared with other jobs: timings are medians, compare ratios)';
  return `Machine: ${machineLine()}${caveat}. Command: \`${command}\`.`;
}
