import type { ImpressionLog } from './impression-log.js';

/** Options of {@link fitPositionBasedModel}. */
export interface PositionBasedModelOptions {
  /** Category index of each log item (`log.items` order), -1 for none: adds a user x category term to the reward model. */
  readonly itemCategory?: Int32Array;
  /** Examination per position (index = position - 1): then only relevance is fitted. */
  readonly examination?: ArrayLike<number>;
  /** Largest number of EM iterations of the examination stage. @default 5000 */
  readonly maxIterations?: number;
  /** Stop when no relative examination (or no mean relevance) moves by more than this in an iteration. @default 1e-6 */
  readonly tolerance?: number;
  /** L2 penalty (logit units) on the item, user and user x category effects. @default 1 */
  readonly l2?: number;
}

/** A fitted position-based click model: `P(click at position k) = examination[k - 1] * relevance(u, i)`. */
export interface PositionBasedModel {
  /** Examination probability per position (index = position - 1), relative to position 1. */
  readonly examination: Float64Array;
  /**
   * Probability that user `user` clicks item `item` (log indices; -1 = not in the log) of category
   * `category` (-1 = none) when examining it, on the scale where position 1 is examined with
   * probability 1.
   */
  relevance(user: number, item: number, category: number): number;
  /** EM iterations of the examination stage (0 when examination was given). */
  readonly iterations: number;
  readonly converged: boolean;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** The effects of the relevance regression `logit r = mu + b_item (+ a_user + c_user,category)`. */
interface Regression {
  mu: number;
  readonly item: Float64Array;
  readonly user: Float64Array;
  readonly cell: Float64Array;
}

/** The impressions' (user, category) cells: dense index per impression (-1 without a category) and the key of each. */
interface Cells {
  readonly index: Int32Array;
  readonly key: ReadonlyMap<number, number>;
  readonly width: number;
}

function userCategoryCells(log: ImpressionLog, itemCategory: Int32Array | undefined): Cells {
  const index = new Int32Array(log.user.length).fill(-1);
  const key = new Map<number, number>();
  let width = 0;
  if (itemCategory !== undefined) for (let i = 0; i < itemCategory.length; i++) if (itemCategory[i]! + 1 > width) width = itemCategory[i]! + 1;
  if (width === 0) return { index, key, width };
  for (let j = 0; j < index.length; j++) {
    const c = itemCategory![log.item[j]!]!;
    if (c < 0) continue;
    const k = log.user[j]! * width + c;
    let cell = key.get(k);
    if (cell === undefined) key.set(k, (cell = key.size));
    index[j] = cell;
  }
  return { index, key, width };
}

/**
 * The reward-model stage of {@link fitPositionBasedModel}: regression EM with examination fixed.
 * The E-step gives each unclicked impression its posterior probability of being relevant (its soft
 * label); the M-step takes one Newton step per block of the L2-penalised logistic regression of
 * relevance on the soft labels (a generalised EM step). Mutates `reg`; stops when the mean
 * relevance moves by less than the tolerance, or after 100 iterations.
 */
function rewardEm(log: ImpressionLog, theta: Float64Array, reg: Regression, cells: Cells, options: PositionBasedModelOptions): void {
  const n = log.user.length;
  const l2 = options.l2 ?? 1;
  const eta = new Float64Array(n);
  const target = new Float64Array(n);
  const refresh = (): void => {
    for (let j = 0; j < n; j++) {
      const c = cells.index[j]!;
      eta[j] = reg.mu + reg.item[log.item[j]!]! + reg.user[log.user[j]!]! + (c >= 0 ? reg.cell[c]! : 0);
    }
  };
  const tolerance = options.tolerance ?? 1e-6;
  let before = Number.NaN;
  refresh();
  for (let iteration = 0; iteration < 100; iteration++) {
    let mean = 0;
    for (let j = 0; j < n; j++) {
      const g = sigmoid(eta[j]!);
      mean += g;
      const t = theta[log.position[j]! - 1]!;
      target[j] = log.clicked[j] === 1 ? 1 : ((1 - t) * g) / (1 - t * g);
    }
    mean /= Math.max(1, n);
    if (Math.abs(mean - before) <= tolerance) return;
    before = mean;
    reg.mu += newtonIntercept(eta, target);
    refresh();
    newtonBlock(reg.item, log.item, eta, target, l2);
    refresh();
    newtonBlock(reg.user, log.user, eta, target, l2);
    refresh();
    if (cells.key.size > 0) {
      newtonBlock(reg.cell, cells.index, eta, target, l2);
      refresh();
    }
  }
}

/**
 * Fits a position-based click model (examination by position times relevance) to logged
 * impressions in two stages of regression EM (Wang, Golbandi, Bendersky, Metzler, Najork 2018,
 * "Position bias estimation for unbiased learning to rank in personal search", WSDM): the E-step
 * gives each unclicked impression its posterior probabilities of "examined, not relevant" and
 * "relevant, not examined", the M-step sets each position's examination to its share of examined
 * impressions and refits relevance as a regression on the posterior labels. First examination,
 * with relevance regressed on the item alone (rich enough to absorb a ranker's ordering of items,
 * too poor to absorb the position effect: with per-user effects on sparse logs the relevance
 * overfits and flattens the examination), then, with examination fixed, the reward model
 * `logit r = mu + b_item + a_user (+ c_user,category)`. Examination is reported relative to position 1; positions never logged
 * take the value of the position above. Deterministic.
 *
 * @example fitPositionBasedModel(log).examination // e.g. Float64Array [1, 0.63, 0.5, ...]
 */
export function fitPositionBasedModel(log: ImpressionLog, options: PositionBasedModelOptions = {}): PositionBasedModel {
  const positions = Math.max(1, log.maxPosition);
  const given = options.examination;
  const theta = new Float64Array(positions);
  for (let k = 0; k < positions; k++) theta[k] = given !== undefined ? clampProbability(given[Math.min(k, given.length - 1)] ?? 1) : 0.5;
  let iterations = 0;
  let converged = true;
  if (given === undefined) {
    const stage = examinationEm(log, theta, options);
    iterations = stage.iterations;
    converged = stage.converged;
  }
  const cells = userCategoryCells(log, options.itemCategory);
  const reg: Regression = { mu: -2, item: new Float64Array(log.items.length), user: new Float64Array(log.users.length), cell: new Float64Array(cells.key.size) };
  rewardEm(log, theta, reg, cells, options);
  const top = theta[0]! > 0 ? theta[0]! : 1;
  return {
    examination: Float64Array.from(theta, (t) => t / top),
    iterations,
    converged,
    relevance(user, item, category) {
      let x = reg.mu + (item >= 0 ? reg.item[item]! : 0);
      if (user >= 0) {
        x += reg.user[user]!;
        const cell = category >= 0 && cells.width > 0 ? cells.key.get(user * cells.width + category) : undefined;
        if (cell !== undefined) x += reg.cell[cell]!;
      }
      return Math.min(1, sigmoid(x) * top);
    },
  };
}

/**
 * The examination stage of {@link fitPositionBasedModel}: regression EM with relevance regressed
 * on the item alone, on impressions aggregated by (item, position) (the E- and M-steps depend on
 * nothing else), so that it converges cheaply. Mutates `theta`.
 */
function examinationEm(log: ImpressionLog, theta: Float64Array, options: PositionBasedModelOptions): { iterations: number; converged: boolean } {
  const positions = theta.length;
  const cellIndex = new Map<number, number>();
  const cellItem: number[] = [];
  const cellPosition: number[] = [];
  const clicks: number[] = [];
  const misses: number[] = [];
  for (let j = 0; j < log.user.length; j++) {
    const key = log.item[j]! * positions + log.position[j]! - 1;
    let c = cellIndex.get(key);
    if (c === undefined) {
      cellIndex.set(key, (c = cellItem.length));
      cellItem.push(log.item[j]!);
      cellPosition.push(log.position[j]! - 1);
      clicks.push(0);
      misses.push(0);
    }
    if (log.clicked[j] === 1) clicks[c]!++;
    else misses[c]!++;
  }
  const cells = cellItem.length;
  const l2 = options.l2 ?? 1;
  const item = new Float64Array(log.items.length);
  let mu = -2;
  const examined = new Float64Array(positions);
  const seen = new Float64Array(positions);
  const soft = new Float64Array(cells);
  const previous = Float64Array.from(theta);
  const maxIterations = options.maxIterations ?? 5000;
  const tolerance = options.tolerance ?? 1e-6;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    examined.fill(0);
    seen.fill(0);
    for (let c = 0; c < cells; c++) {
      const k = cellPosition[c]!;
      const g = sigmoid(mu + item[cellItem[c]!]!);
      const t = theta[k]!;
      const rest = 1 - t * g;
      examined[k]! += clicks[c]! + (misses[c]! * t * (1 - g)) / rest;
      seen[k]! += clicks[c]! + misses[c]!;
      soft[c] = clicks[c]! + (misses[c]! * (1 - t) * g) / rest;
    }
    for (let k = 0; k < positions; k++) if (seen[k]! > 0) theta[k] = clampProbability(examined[k]! / seen[k]!);
    let moved = 0;
    for (let k = 1; k < positions; k++) if (seen[k]! > 0) moved = Math.max(moved, Math.abs(theta[k]! / theta[0]! - previous[k]! / previous[0]!));
    previous.set(theta);
    // One Newton step on the intercept, then on each item effect (soft labels, aggregated).
    let grad = 0;
    let hess = 0;
    for (let c = 0; c < cells; c++) {
      const g = sigmoid(mu + item[cellItem[c]!]!);
      const n = clicks[c]! + misses[c]!;
      grad += soft[c]! - n * g;
      hess += n * g * (1 - g);
    }
    if (hess > 0) mu += grad / hess;
    const gi = new Float64Array(item.length);
    const hi = new Float64Array(item.length);
    for (let c = 0; c < cells; c++) {
      const i = cellItem[c]!;
      const g = sigmoid(mu + item[i]!);
      const n = clicks[c]! + misses[c]!;
      gi[i]! += soft[c]! - n * g;
      hi[i]! += n * g * (1 - g);
    }
    for (let i = 0; i < item.length; i++) item[i]! += (gi[i]! - l2 * item[i]!) / (hi[i]! + l2);
    converged = moved <= tolerance;
  }
  for (let k = 1; k < positions; k++) if (seen[k]! === 0) theta[k] = theta[k - 1]!;
  return { iterations, converged };
}

function clampProbability(p: number): number {
  return Math.min(1, Math.max(1e-6, p));
}

/** One Newton step of the unpenalised intercept on the logistic log-likelihood of soft labels. */
function newtonIntercept(eta: Float64Array, target: Float64Array): number {
  let grad = 0;
  let hess = 0;
  for (let j = 0; j < eta.length; j++) {
    const g = sigmoid(eta[j]!);
    grad += target[j]! - g;
    hess += g * (1 - g);
  }
  return hess > 0 ? grad / hess : 0;
}

/** One Newton step per member of a block of L2-penalised effects (`index[j]` = member of entry j, -1 = none). */
function newtonBlock(effect: Float64Array, index: Int32Array, eta: Float64Array, target: Float64Array, l2: number): void {
  const grad = new Float64Array(effect.length);
  const hess = new Float64Array(effect.length);
  for (let j = 0; j < eta.length; j++) {
    const m = index[j]!;
    if (m < 0) continue;
    const g = sigmoid(eta[j]!);
    grad[m]! += target[j]! - g;
    hess[m]! += g * (1 - g);
  }
  for (let m = 0; m < effect.length; m++) effect[m]! += (grad[m]! - l2 * effect[m]!) / (hess[m]! + l2);
}
