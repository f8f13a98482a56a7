import { ConfigError } from '../../errors.js';
import type { ScoredItems } from '../../signals/signal.js';
import { NO_ITEMS } from '../../signals/top-n.js';
import { catalogueCandidates, unionCandidates, type CandidateSet } from '../candidates.js';
import type { RequestContext } from '../request.js';
import type { CandidateRequest, CandidateSource, CatalogueSource } from './sources.js';

/** Most sources a request can have: each candidate carries one bit per source. */
export const MAX_SOURCES = 32;

/** The candidate stage's result: the set, and the names of its sources (bit s = `names[s]`). */
export interface GatheredCandidates {
  readonly set: CandidateSet;
  readonly names: readonly string[];
}

/**
 * Stage 1, candidates: every source proposes (business filters applied inside each), then the
 * lists are unioned round-robin in source order and cut at `max(cap, n)`. When the catalogue
 * source would propose at least every product and nothing is cut (full-catalogue ranking), one
 * O(P) pass takes every eligible product instead: the same set, without heap, sort or Map.
 * @throws ConfigError for more than 32 sources or two with one name.
 */
export function gatherCandidates(
  ctx: RequestContext,
  sources: readonly CandidateSource[],
  catalogue: CatalogueSource,
  cap: number,
): GatheredCandidates {
  if (sources.length > MAX_SOURCES) throw new ConfigError(`candidates: at most ${MAX_SOURCES} sources, got ${sources.length}`, 'candidates');
  const names = sources.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new ConfigError(`candidates: source names must be unique, got ${names.join(', ')}`, 'candidates');
  const request: CandidateRequest = { dataset: ctx.dataset, user: ctx.user, n: ctx.n, excluded: ctx.excluded };
  const P = ctx.dataset.products.size;
  const limit = Math.max(cap, ctx.n);
  const fillAt = sources.indexOf(catalogue);
  if (fillAt >= 0 && catalogue.count(ctx.n) >= P && limit >= P) {
    const lists: ScoredItems[] = sources.map((s, i) => (i === fillAt ? NO_ITEMS : s.propose(request)));
    const fill = { bit: fillAt, scores: catalogue.catalogueScores(request), excluded: ctx.excluded };
    return { set: catalogueCandidates(lists, fill, ctx.scratch.candidates), names };
  }
  return { set: unionCandidates(sources.map((s) => s.propose(request)), limit), names };
}
