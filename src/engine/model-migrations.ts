/**
 * Model file migrations: each turns a body of one format version into the next, so the decoder
 * only ever reads the current layout. Version 1 (before signal instance names) -> 2; version 2
 * (before the online catalogue) -> 3; version 3 (before the item-burst chance test) -> 4; version 4
 * (before request topics lead) -> 5; version 5 (before observed events counted in product bursts) -> 6;
 * version 6 (before product bursts were judged against the shop's activity) -> 7; version 7 (before
 * the fairness lift was damped on popular products) -> 8; version 8 (before heavy users were left
 * out of product bursts) -> 9.
 */
import { FormatError } from '../errors.js';

/** The model file version this build writes. */
export const MODEL_VERSION = 9;
/** The oldest version this build reads (migrated on load). */
export const OLDEST_MODEL_VERSION = 1;

type Body = Record<string, unknown>;

const isObject = (x: unknown): x is Body => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Version 1 -> 2. Signals gain an instance name apart from their type: a v1 entry's `name` was
 * its type, and its instance name is the one the config gives. The config loses `coldItems`
 * (absence of opinion is now how every blend works) and gets the version-1 blend: mean-rank
 * ties, no evidence prior, no boost stage; its reranker keeps its absolute relevance floor and
 * no exploration. Files written before the merit
 * prior and `meritExclude` existed get `meritPrior: 0` and `meritExclude: []` (pure merit,
 * popularity counted), so a loaded model serves the slates it served when saved.
 */
function v1ToV2(body: Body): Body {
  const signals = Array.isArray(body['signals'])
    ? body['signals'].map((s: unknown) => (isObject(s) ? { name: null, type: s['name'], state: s['state'] } : s))
    : body['signals'];
  return { ...body, version: 2, signals, config: withEarlierDefaults(body['config']) };
}

/**
 * The config with the first reranker floor (absolute, no evidence gate or exploration) when its
 * rerank block predates `floorReference`: version-1 files, and version-2 files written before
 * the slate-relative floor (the key came with it, within version 2).
 */
function withAbsoluteFloor(input: unknown): unknown {
  const fairness = isObject(input) ? input['fairness'] : undefined;
  const rerank = isObject(fairness) ? fairness['rerank'] : undefined;
  if (!isObject(input) || !isObject(fairness) || !isObject(rerank) || 'floorReference' in rerank) return input;
  return { ...input, fairness: { ...fairness, rerank: { ...rerank, floorReference: 'absolute', exploration: { share: 0, untilExposure: 5 } } } };
}

function withEarlierDefaults(input: unknown): unknown {
  if (!isObject(input)) return input;
  // `coldItems` is gone: a signal without an opinion on a product is always absent from its blend.
  const { coldItems: _gone, ...config } = input;
  // The blend of version 1 had no evidence prior, mean-rank ties and no boost stage.
  if (!('blend' in config)) config['blend'] = { ties: 'mean-rank', prior: { weight: 0, value: 0 } };
  if (!('boost' in config)) config['boost'] = { weight: 0, halfSaturation: 1 };
  const fairness = config['fairness'];
  if (!isObject(fairness)) return config;
  const rerank = fairness['rerank'];
  const keptRerank = isObject(rerank) && !('meritPrior' in rerank) ? { ...rerank, meritPrior: 0 } : rerank;
  const meritExclude = 'meritExclude' in fairness ? fairness['meritExclude'] : [];
  // The first floor was absolute, with no evidence gate or exploration (withAbsoluteFloor, at 2 -> 3).
  return { ...config, fairness: { ...fairness, rerank: keptRerank, meritExclude } };
}

/**
 * Version 2 -> 3. The dataset gains `afterFit` (products removed and interactions observed after
 * fit: null for nothing, as every version-2 file, written before the online catalogue, holds);
 * products added after fit follow the fitted ones (`interactions.cols` says how many were fitted).
 * A reranker saved without `floorReference` gets the absolute floor it served with.
 */
function v2ToV3(body: Body): Body {
  const dataset = body['dataset'];
  const config = body['config'] === undefined ? {} : { config: withAbsoluteFloor(body['config']) };
  return { ...body, version: 3, dataset: isObject(dataset) ? { ...dataset, afterFit: null } : dataset, ...config };
}

/**
 * Version 3 -> 4. Trending's own-burst gate gained a chance test (`itemSignificance`, default
 * 0.1); a trending signal saved without one gets `itemSignificance: null` (no chance test), so a
 * loaded model serves the slates it served when saved. The layout is unchanged.
 */
function v3ToV4(body: Body): Body {
  return withTrendingDefault(body, 4, 'itemSignificance', null);
}

/**
 * Version 4 -> 5. Topics given with a request lead it by default (trending `requestTopics`,
 * default `'lead'`: the held topics and products' own bursts do not count in such a request); a
 * trending signal saved without the key gets `requestTopics: 'add'`, the rule it served with. The
 * layout is unchanged.
 */
function v4ToV5(body: Body): Body {
  return withTrendingDefault(body, 5, 'requestTopics', 'add');
}

/**
 * Version 5 -> 6. Trending's state may hold the events observed after fit that its products' own
 * bursts count (`observedEvents.*` arrays; a file of version 5 holds none), and the product text
 * index counts a term at most `maxRepeats` times per field (default 1) and the tokeniser has a
 * new rule set (`tokenizer.rules` 2: invisible characters, model names, short stems); the text
 * config of a content or trending signal saved without these keys gets `maxRepeats: null` (every
 * occurrence) and `tokenizer.rules: 1`, so a loaded model indexes and serves as it did. The body
 * records where its ledger lived (`ledgerOrigin`); earlier files say nothing, taken as `'memory'`
 * (merged once into a shared ledger). A rerank lambda above 2, accepted before, becomes 2 (its
 * bound now): lifts above 1 already outrank most relevance gaps, so such a file serves nearly
 * what it served (a slate can differ where a trend boost pushed scores past 1).
 */
function v5ToV6(body: Body): Body {
  const base = { ...body, version: 6, ledgerOrigin: 'memory' };
  if (!isObject(body['config'])) return base;
  const config = withLambdaAtMost2(body['config']);
  if (!Array.isArray(config['signals'])) return { ...base, config };
  const signals = config['signals'].map((s: unknown) => {
    if (!isObject(s) || (s['type'] !== 'content' && s['type'] !== 'trending')) return s;
    const text = isObject(s['text']) ? s['text'] : {};
    const tokenizer = isObject(text['tokenizer']) ? text['tokenizer'] : {};
    return { ...s, text: { maxRepeats: null, ...text, tokenizer: { rules: 1, ...tokenizer } } };
  });
  return { ...base, config: { ...config, signals } };
}

/**
 * Version 6 -> 7. A product's own burst is judged against the rest of the shop's activity
 * (trending `itemRelative`, default true: a surge of the whole shop is not a product's burst); a
 * trending signal saved without the key gets `itemRelative: false`, the rule it served with. The
 * layout is unchanged.
 */
function v6ToV7(body: Body): Body {
  return withTrendingDefault(body, 7, 'itemRelative', false);
}

/**
 * Version 7 -> 8. The fairness lift is damped on popular products outside the plain slate
 * (`fairness.rerank.popularityDamping`, default 1, and `popularityDampingScope`, default
 * `'outside-slate'`) and exploration holds a merchant until 20 units of exposure (was 5); a file
 * saved without those keys gets the values it served with (damping 0, scope `'all'`, the damping's
 * form before the scope existed, and 5). The layout is unchanged.
 */
function v7ToV8(body: Body): Body {
  const config = body['config'];
  // Only absent keys are filled: a malformed value is left for the config schema to refuse.
  const orEmpty = (x: unknown): unknown => (x === undefined ? {} : x);
  const fairness = isObject(config) ? orEmpty(config['fairness']) : undefined;
  const rerank = isObject(fairness) ? orEmpty(fairness['rerank']) : undefined;
  if (!isObject(config) || !isObject(fairness) || !isObject(rerank)) return { ...body, version: 8 };
  const exploration = rerank['exploration'];
  const kept: Body = { popularityDamping: 0, popularityDampingScope: 'all', ...rerank };
  if (isObject(exploration) && !('untilExposure' in exploration)) kept['exploration'] = { ...exploration, untilExposure: 5 };
  return { ...body, version: 8, config: { ...config, fairness: { ...fairness, rerank: kept } } };
}

/**
 * Version 8 -> 9. Heavy users (more than `itemHeavyUserFactor` times the median events of the item
 * short window, default 10) are left out of a product's own burst, and the bursts are judged once a
 * step of `itemResolutionSeconds` (default 60); a trending signal saved without the keys gets
 * `itemHeavyUserFactor: null` (every user counted) and `itemResolutionSeconds: 0` (judged at each
 * request's time), as it served. The layout is unchanged.
 */
function v8ToV9(body: Body): Body {
  return withTrendingDefault(withTrendingDefault(body, 9, 'itemHeavyUserFactor', null), 9, 'itemResolutionSeconds', 0);
}

/** The config with `fairness.rerank.lambda` above 2 (accepted before version 6) brought to 2, its bound. */
function withLambdaAtMost2(config: Body): Body {
  const fairness = config['fairness'];
  const rerank = isObject(fairness) ? fairness['rerank'] : undefined;
  if (!isObject(fairness) || !isObject(rerank) || !(typeof rerank['lambda'] === 'number' && rerank['lambda'] > 2)) return config;
  return { ...config, fairness: { ...fairness, rerank: { ...rerank, lambda: 2 } } };
}

/** The body at `version` with `key: value` on each trending signal config that lacks the key. */
function withTrendingDefault(body: Body, version: number, key: string, value: unknown): Body {
  const config = body['config'];
  if (!isObject(config) || !Array.isArray(config['signals'])) return { ...body, version };
  const signals = config['signals'].map((s: unknown) => (isObject(s) && s['type'] === 'trending' && !(key in s) ? { ...s, [key]: value } : s));
  return { ...body, version, config: { ...config, signals } };
}

const STEPS: ReadonlyMap<number, (body: Body) => Body> = new Map([
  [1, v1ToV2],
  [2, v2ToV3],
  [3, v3ToV4],
  [4, v4ToV5],
  [5, v5ToV6],
  [6, v6ToV7],
  [7, v7ToV8],
  [8, v8ToV9],
]);

/**
 * Why a file of format version `version` cannot be read by this build, or undefined when it can.
 * Checked before the checksum: a newer build may sign differently, and "too new" is the useful answer.
 */
export function versionProblem(version: unknown): string | undefined {
  if (typeof version !== 'number' || !Number.isInteger(version)) return `version must be an integer, got ${JSON.stringify(version) ?? String(version)}`;
  if (version > MODEL_VERSION) return `version ${version} is newer than this build reads (${OLDEST_MODEL_VERSION} to ${MODEL_VERSION}); upgrade goods-find-people`;
  if (version < OLDEST_MODEL_VERSION) return `version ${version} is older than this build reads (${OLDEST_MODEL_VERSION} to ${MODEL_VERSION})`;
  return undefined;
}

/**
 * Brings a model file body of any readable version to {@link MODEL_VERSION}.
 * @throws FormatError for a body that is not an object or a version this build cannot read.
 */
export function migrateModelBody(body: unknown): unknown {
  if (!isObject(body)) throw new FormatError('model file: the body is not an object');
  const version = body['version'];
  const problem = versionProblem(version);
  if (problem !== undefined) throw new FormatError(`model file: ${problem}`);
  let out: Body = body;
  for (let v = version as number; v < MODEL_VERSION; v++) out = STEPS.get(v)!(out);
  return out;
}
