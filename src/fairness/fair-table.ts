/**
 * FA*IR minimum tables (Zehlike et al. 2017, "FA*IR: A Fair Top-k Ranking Algorithm"): how many
 * protected (here: small-tier) items each prefix of a ranking must hold.
 */
import { ConfigError } from '../errors.js';

/** A FA*IR table and how it was obtained. */
export interface FairTable {
  /** `table[i - 1] = m(i)`, the minimum protected count in the top i, for i = 1..k. */
  readonly table: Int32Array;
  /** The per-prefix significance actually used (equal to alpha when not adjusted). */
  readonly alphaC: number;
  /** Probability that a fair ranking (each position protected with probability p) fails a prefix test. */
  readonly failProbability: number;
}

/**
 * Binomial CDF rows F(x; i, p) for i = 1..k, x = 0..i, packed row after row (row i starts at
 * i(i-1)/2 + i - 1). Built by the stable recurrence on the pmf, O(k^2).
 */
function cdfRows(k: number, p: number): Float64Array {
  const rows = new Float64Array((k * (k + 3)) / 2);
  let pmf = new Float64Array(k + 1);
  let next = new Float64Array(k + 1);
  pmf[0] = 1;
  let at = 0;
  for (let i = 1; i <= k; i++) {
    next[0] = pmf[0]! * (1 - p);
    for (let x = 1; x <= i; x++) next[x] = pmf[x]! * (1 - p) + pmf[x - 1]! * p;
    const swap = pmf;
    pmf = next;
    next = swap;
    let cum = 0;
    for (let x = 0; x <= i; x++) {
      cum += pmf[x]!;
      rows[at + x] = cum;
    }
    at += i + 1;
  }
  return rows;
}

/** m(i) = the smallest x with F(x; i, p) > a, for i = 1..k (the paper's F^-1(a; i, p)). */
function tableFor(rows: Float64Array, k: number, a: number): Int32Array {
  const table = new Int32Array(k);
  let at = 0;
  let m = 0;
  for (let i = 1; i <= k; i++) {
    // m(i) is non-decreasing in i: start from the previous value.
    while (m < i && rows[at + m]! <= a) m++;
    table[i - 1] = m;
    at += i + 1;
  }
  return table;
}

/**
 * Exact probability that a Bernoulli(p) ranking of length k violates some prefix of `table`: the
 * mass of the count distribution cut off by the tests, by dynamic programming in O(k^2).
 */
export function fairFailProbability(table: Int32Array, p: number): number {
  const k = table.length;
  let alive = new Float64Array(k + 1);
  let next = new Float64Array(k + 1);
  alive[0] = 1;
  let fail = 0;
  for (let i = 1; i <= k; i++) {
    next.fill(0, 0, i + 1);
    for (let x = 0; x < i; x++) {
      const mass = alive[x]!;
      if (mass === 0) continue;
      next[x]! += mass * (1 - p);
      next[x + 1]! += mass * p;
    }
    const need = table[i - 1]!;
    for (let x = 0; x < need && x <= i; x++) {
      fail += next[x]!;
      next[x] = 0;
    }
    const swap = alive;
    alive = next;
    next = swap;
  }
  return fail > 1 ? 1 : fail;
}

function mass(table: Int32Array): number {
  let s = 0;
  for (let i = 0; i < table.length; i++) s += table[i]!;
  return s;
}

const cache = new Map<string, FairTable>();

/**
 * The FA*IR table for a top-k of protected proportion `p` at significance `alpha`.
 *
 * Unadjusted, `m(i) = F^-1(alpha; i, p)`: the smallest count whose binomial CDF exceeds alpha
 * (one test per prefix, so a fair ranking fails *some* test more often than alpha).
 * Adjusted (the default), alpha is replaced by alpha_c <= alpha chosen, as in the paper's
 * adjustment and the fairsearch reference library, so that the probability that a fair ranking
 * fails any prefix test is as close to alpha as the discrete tables allow (ties: the less
 * demanding table). The tables for a in (0, alpha] form a chain whose fail probability grows
 * with a, so alpha_c is found by bisection; O(k^2) per step, results cached per (k, p, alpha).
 *
 * @throws ConfigError when k is not an integer in 1..5000 or p, alpha are not in (0, 1).
 * @example fairTable(10, 0.2, 0.15, { adjust: false }).table // Int32Array [0,0,0,0,0,0,0,0,1,1]
 */
export function fairTable(k: number, p: number, alpha: number, options: { adjust?: boolean } = {}): FairTable {
  if (!Number.isInteger(k) || k < 1 || k > 5000) throw new ConfigError(`fair: k must be an integer in 1..5000, got ${k}`, 'k');
  if (!(p > 0 && p < 1)) throw new ConfigError(`fair: p must be in (0, 1), got ${p}`, 'fair.p');
  if (!(alpha > 0 && alpha < 1)) throw new ConfigError(`fair: alpha must be in (0, 1), got ${alpha}`, 'fair.alpha');
  const adjust = options.adjust ?? true;
  const key = `${k}|${p}|${alpha}|${adjust ? 1 : 0}`;
  const hit = cache.get(key);
  if (hit !== undefined) return { ...hit, table: hit.table.slice() };
  const rows = cdfRows(k, p);
  const make = (a: number): FairTable => {
    const table = tableFor(rows, k, a);
    return { table, alphaC: a, failProbability: fairFailProbability(table, p) };
  };
  let result = make(alpha);
  if (adjust && result.failProbability > alpha) {
    let lo = make(0);
    let hi = result;
    for (let step = 0; step < 200; step++) {
      if (mass(hi.table) - mass(lo.table) <= 1 || hi.alphaC - lo.alphaC <= 1e-16) break;
      const mid = make((lo.alphaC + hi.alphaC) / 2);
      if (mid.failProbability <= alpha) lo = mid;
      else hi = mid;
    }
    result = Math.abs(lo.failProbability - alpha) <= Math.abs(hi.failProbability - alpha) ? lo : hi;
  }
  if (cache.size > 256) cache.clear();
  cache.set(key, result);
  return { ...result, table: result.table.slice() };
}
