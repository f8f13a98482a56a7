import { ConfigError } from '../../errors.js';
import type { Event, Product } from '../../schema/entities.js';
import { _isPositive } from '../runner/relevance.js';
import { fitPositionBasedModel, type PositionBasedModel } from './click-model-em.js';
import { _readImpressionLog, type ImpressionLog } from './impression-log.js';
import { _heldOutExposure, _randomisation, type HeldOutExposure, type Randomisation, type SlateExposure } from './logged-exposure.js';
import { _itemValue } from './item-value.js';
import { estimateShowRates, type ShowRates } from './show-probability.js';
import type { UserPropensity } from './types.js';

/** How the impressions model gets examination by position. */
export type ExaminationMethod = 'em' | 'randomised' | readonly number[];

/**
 * How the impressions model gets the held-out exposure an item could have had: `logged` (the
 * held-out log read as a deterministic policy plus declared randomisation) or `history` (the
 * training slates' show rates, for a stationary random policy).
 */
export type ShowProbabilityMethod = 'logged' | 'history';

/** Options of {@link fitImpressionsPropensity}. */
export interface ImpressionsPropensityOptions {
  /** `em` (regression EM over every training impression), `randomised` (click-through by position on the randomised surface), or examination per position. @default 'em' */
  readonly examination?: ExaminationMethod;
  /** Surface of randomised impressions. @default 'explore' */
  readonly randomisedSurface?: string;
  /** @default 'logged' */
  readonly showProbability?: ShowProbabilityMethod;
  /** `history` only: shrinkage of per-user show rates, in slates. @default estimated from the data */
  readonly priorSlates?: number;
  /** Largest weight. */
  readonly clip: number;
  /** Catalogue size (what uniform randomisation draws from). */
  readonly catalogueSize: number;
}

/** What the impressions model reports about itself. */
export interface ImpressionsPropensityInfo {
  readonly model: 'impressions';
  readonly examinationMethod: 'em' | 'randomised' | 'given';
  /** Examination per position, position 1 = 1. */
  readonly examination: readonly number[];
  /** Regression EM iterations. */
  readonly iterations: number;
  readonly trainingImpressions: number;
  readonly trainingSlates: number;
  readonly trainingClicks: number;
  readonly showProbability: ShowProbabilityMethod;
  /** Share of held-out impressions on the randomised surface. */
  readonly randomisedShare: number;
  /** `history`: shrinkage of per-user show rates, in slates. */
  readonly priorSlates?: number;
  /** Relevant items no held-out impression explains (no clicked impression): counted as one click at the mean examination. */
  readonly heldOutWithoutImpression: number;
  /** Held-out clicks on impressions shown with probability below 1 / clip: valued by the reward model, not by their weight. */
  readonly heldOutUnsupported: number;
}

/** A fitted propensity model: one {@link UserPropensity} per evaluated user. */
export interface FittedPropensity<I> {
  readonly users: ReadonlyMap<string, UserPropensity>;
  readonly info: I;
}

/** Held-out slates and exposures per user, and the positions of positive held-out events. */
interface HeldOutLog extends HeldOutExposure {
  /** Per user: each product's position on its first positive held-out event that carries one. */
  readonly clickedAt: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The held-out policy's declared randomisation. */
  readonly randomisation: Randomisation;
}

function readHeldOut(test: readonly Event[], randomisedSurface: string, catalogueSize: number): HeldOutLog {
  const log = _readImpressionLog(test, { source: 'held-out events', randomisedSurface });
  const exposure = _heldOutExposure(log);
  const clickedAt = new Map<string, Map<string, number>>();
  for (const e of test) {
    if (e.type === 'impression' || e.position === undefined || !_isPositive(e)) continue;
    let items = clickedAt.get(e.userId);
    if (items === undefined) clickedAt.set(e.userId, (items = new Map()));
    if (!items.has(e.productId)) items.set(e.productId, e.position);
  }
  return { ...exposure, clickedAt, randomisation: _randomisation(log, catalogueSize) };
}

function examinationOf(log: ImpressionLog, method: ExaminationMethod): { fixed?: Float64Array; method: ImpressionsPropensityInfo['examinationMethod'] } {
  if (method === 'em') return { method: 'em' };
  if (method === 'randomised') return { fixed: randomisedExamination(log), method: 'randomised' };
  if (method.length === 0 || method.some((t) => !(t > 0 && t <= 1))) {
    throw new ConfigError(`propensity.examination: expected probabilities in (0, 1] per position, got ${JSON.stringify(method)}`, 'propensity.examination');
  }
  return { fixed: Float64Array.from(method), method: 'given' };
}

/** Examination from result randomisation: click-through by position on randomised impressions, relative to position 1. */
function randomisedExamination(log: ImpressionLog): Float64Array {
  const clicks = new Float64Array(Math.max(1, log.maxPosition));
  const shown = new Float64Array(clicks.length);
  for (let j = 0; j < log.user.length; j++) {
    if (log.randomised[j] !== 1) continue;
    shown[log.position[j]! - 1]! += 1;
    clicks[log.position[j]! - 1]! += log.clicked[j]!;
  }
  if (!(clicks[0]! > 0)) {
    throw new ConfigError(
      'propensity.examination "randomised": no click on a randomised impression at position 1 in the training part (check propensity.randomisedSurface)',
      'propensity.examination',
    );
  }
  const top = clicks[0]! / shown[0]!;
  const out = new Float64Array(clicks.length);
  for (let k = 0; k < out.length; k++) out[k] = shown[k]! > 0 ? Math.min(1, Math.max(1e-6, clicks[k]! / shown[k]! / top)) : k > 0 ? out[k - 1]! : 1;
  return out;
}

/** Category index of each catalogue product (by id); products without a category are absent. */
function categoryIndex(products: readonly Product[]): Map<string, number> {
  const categories = new Map<string, number>();
  const out = new Map<string, number>();
  for (const p of products) {
    if (p.category === undefined || p.category === '') continue;
    let c = categories.get(p.category);
    if (c === undefined) categories.set(p.category, (c = categories.size));
    out.set(p.id, c);
  }
  return out;
}

/**
 * The impressions propensity model (docs/design.md 6, docs/metrics.md): fitted on the training part's
 * impressions, it values each item for each evaluated user slate by slate over the user's held-out
 * slates (a product can be shown in several; an outcome belongs to the slate that showed it). A
 * click in a slate has the propensity `P(shown in that slate) * examination(its position)`:
 * - examination by position comes from a position-based click model (two-stage regression EM,
 *   result randomisation, or given), relative to position 1;
 * - `P(shown)` is the probability under the logging policy before the outcome (the realised
 *   exposure is 1 for every held-out click and would correct position bias only). `logged`
 *   (default): the policy's own part is deterministic given its state, so a slate that showed the
 *   item on a non-randomised surface showed it with probability 1; any product reaches the user
 *   through declared uniform randomisation (slots on `randomisedSurface`), per slate with
 *   probability `randomised slots per held-out slate / catalogue size` (0 without randomisation:
 *   no support). `history`: the training show rate of the item for the user ({@link estimateShowRates}).
 * Where a slate could show the item only with probability below `1 / clip`, the click model's
 * relevance (the reward model) values it (see `_itemValue`).
 *
 * @throws ConfigError naming `propensity.model` when the training part has no impressions;
 *   DataError naming the event and `position` for an impression without a position.
 */
export function fitImpressionsPropensity(
  train: readonly Event[],
  test: readonly Event[],
  products: readonly Product[],
  relevant: ReadonlyMap<string, ReadonlySet<string>>,
  options: ImpressionsPropensityOptions,
): FittedPropensity<ImpressionsPropensityInfo> {
  const surface = options.randomisedSurface ?? 'explore';
  const log = _readImpressionLog(train, { source: 'training events', randomisedSurface: surface });
  if (log.user.length === 0) {
    throw new ConfigError(
      'propensity.model "impressions" needs impression events with positions in the training part, and it has none: use "popularity" or "given"',
      'propensity.model',
    );
  }
  const exam = examinationOf(log, options.examination ?? 'em');
  const categories = categoryIndex(products);
  const itemCategory = Int32Array.from(log.items, (id) => categories.get(id) ?? -1);
  const model = fitPositionBasedModel(log, { itemCategory, ...(exam.fixed === undefined ? {} : { examination: exam.fixed }) });
  const method = options.showProbability ?? 'logged';
  const theta = (position: number): number => model.examination[Math.min(position, model.examination.length) - 1]!;
  let sum = 0;
  for (const k of log.position) sum += theta(k);
  const inputs: UserInputs = {
    log,
    model,
    theta,
    meanExamination: sum / log.position.length,
    rates: method === 'history' ? estimateShowRates(log, options.priorSlates) : undefined,
    heldOut: readHeldOut(test, surface, options.catalogueSize),
    categories,
    clip: options.clip,
    counts: { withoutImpression: 0, unsupported: 0 },
  };
  const users = new Map<string, UserPropensity>();
  for (const [userId, items] of relevant) users.set(userId, userPropensity(userId, items, inputs));
  let clicks = 0;
  for (const c of log.clicked) clicks += c;
  return {
    users,
    info: {
      model: 'impressions',
      examinationMethod: exam.method,
      examination: Array.from(model.examination),
      iterations: model.iterations,
      trainingImpressions: log.user.length,
      trainingSlates: log.slates,
      trainingClicks: clicks,
      showProbability: method,
      randomisedShare: inputs.heldOut.randomisation.rate,
      ...(inputs.rates === undefined ? {} : { priorSlates: inputs.rates.priorSlates }),
      heldOutWithoutImpression: inputs.counts.withoutImpression,
      heldOutUnsupported: inputs.counts.unsupported,
    },
  };
}

interface UserInputs {
  readonly log: ImpressionLog;
  readonly model: PositionBasedModel;
  readonly theta: (position: number) => number;
  readonly meanExamination: number;
  readonly rates: ShowRates | undefined;
  readonly heldOut: HeldOutLog;
  readonly categories: ReadonlyMap<string, number>;
  readonly clip: number;
  readonly counts: { withoutImpression: number; unsupported: number };
}

const NO_SLATES: readonly ReadonlyMap<string, SlateExposure>[] = [];

function userPropensity(userId: string, relevant: ReadonlySet<string>, x: UserInputs): UserPropensity {
  const u = x.log.userIndex.get(userId) ?? -1;
  const slates = x.heldOut.slates.get(userId) ?? NO_SLATES;
  const m = Math.max(1, slates.length);
  const floor = 1 / x.clip;
  const reward = (item: string): number => x.model.relevance(u, x.log.itemIndex.get(item) ?? -1, x.categories.get(item) ?? -1);
  /** Probability that one held-out slate shows the item: the logged policy's own choice (1), its randomisation, or the training rate. */
  const unshownRate = (item: string): number =>
    x.rates === undefined ? x.heldOut.randomisation.perSlate : x.rates.perSlate(u, x.log.itemIndex.get(item) ?? -1);
  const shownRate = (item: string, e: SlateExposure): number => (x.rates !== undefined ? unshownRate(item) : e.randomised ? x.heldOut.randomisation.perSlate : 1);
  const weights: number[] = [];
  const values = new Map<string, { ips: number; dr: number }>();
  const clickedSomewhere = new Set<string>();
  for (const slate of slates) {
    for (const [item, e] of slate) {
      if (e.clicked) clickedSomewhere.add(item);
      if (values.has(item)) continue;
      values.set(item, _itemValue(item, slates, reward(item), { shownRate, unshownRate, theta: x.theta, clip: x.clip }));
    }
    for (const [item, e] of slate) {
      if (!e.clicked) continue;
      const p = shownRate(item, e);
      if (p < floor) x.counts.unsupported++;
      else weights.push(Math.min(x.clip, 1 / (p * x.theta(e.position))));
    }
  }
  // A positive held-out event no held-out impression explains counts as a click in one held-out
  // slate, at the position the event logs (else the mean examination).
  const clickedAt = x.heldOut.clickedAt.get(userId);
  for (const item of relevant) {
    if (clickedSomewhere.has(item)) continue;
    x.counts.withoutImpression++;
    const at = clickedAt?.get(item);
    const w = Math.min(x.clip, 1 / (at === undefined ? x.meanExamination : x.theta(at)));
    weights.push(w);
    const before = values.get(item) ?? { ips: 0, dr: 0 };
    values.set(item, { ips: before.ips + w / m, dr: before.dr + w / m });
  }
  const unshownSupported = (item: string): boolean => unshownRate(item) >= floor;
  return {
    relevant,
    weights,
    value(item, estimator) {
      const id = String(item);
      const v = values.get(id);
      if (v !== undefined) return v[estimator];
      return estimator === 'ips' && unshownSupported(id) ? 0 : reward(id);
    },
    supported(item) {
      const id = String(item);
      if (unshownSupported(id)) return true;
      for (const slate of slates) {
        const e = slate.get(id);
        if (e !== undefined && shownRate(id, e) >= floor) return true;
      }
      return false;
    },
  };
}
