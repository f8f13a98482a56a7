/**
 * One request through a fitted recommender's pipeline: the options checked, the request opened
 * on the serving state's buffers (and given back after), the pipeline environment built, and a
 * run of the stages (`runPipeline` for `recommend`, `prepareRequest` for the ledger-independent
 * part of a parallel evaluation).
 */
import type { ExposureLedger } from '../fairness/exposure-ledger.js';
import { TopicSchema } from '../schema/entities.js';
import { validateRecords } from '../schema/validate.js';
import type { Signal } from '../signals/signal.js';
import type { RecommenderConfig } from './config.js';
import { finishRequest, type PipelineEnv, type PreparedRequest, type ServingStages } from './pipeline.js';
import { openRequest, type RequestContext } from './request.js';
import { checkRecommendOptions, checkRecordTime, type RecommendOptions } from './request-options.js';
import type { ServingState } from './serving-state.js';
import type { SignalSlot } from './signal-slots.js';
import { callerSource } from './stages/sources.js';

/** What serving a request reads of a fitted recommender. */
export interface ServeParts {
  readonly config: RecommenderConfig;
  readonly slots: readonly SignalSlot[];
  readonly baseline: Signal;
  readonly ledger: ExposureLedger;
  readonly meritExclude: ReadonlySet<string>;
  readonly stages: ServingStages;
  readonly state: ServingState;
}

/** The pipeline environment of a request: record into the ledger or not, the slate length asked for, the stages (default: the recommender's). */
export function requestEnv(parts: ServeParts, record: boolean, requestedN: number, stages = parts.stages): PipelineEnv {
  const { state } = parts;
  return {
    stages,
    requestedN,
    slots: parts.slots,
    baseline: parts.baseline,
    cap: parts.config.candidates.max,
    cold: state.cold,
    merchantIds: state.merchantIds,
    tierOf: state.tiers,
    ledger: parts.ledger,
    record,
    meritExclude: parts.meritExclude,
  };
}

/**
 * Runs `run` on a request for `userId`: options checked (DataError names a bad one), topics
 * validated, scratch taken from the serving state's pool and given back (not after a stage that
 * threw: it may be dirty), caller candidates added.
 */
export function serveRequest<T>(parts: ServeParts, userId: string, options: RecommendOptions, run: (ctx: RequestContext, env: PipelineEnv) => T): T {
  const { state, config } = parts;
  const checked = checkRecommendOptions(userId, options, config.n);
  const record = options.record ?? config.fairness.record;
  if (record && options.now !== undefined) checkRecordTime(options.now, state.dataset.referenceTime);
  const topics = options.topics === undefined ? [] : validateRecords(TopicSchema, options.topics, { source: 'recommend.topics' }).records;
  const { ctx, close } = openRequest(state.pool, {
    dataset: state.dataset,
    user: state.userContext(userId, options.now, topics),
    history: state.history(userId),
    n: checked.n,
    topics,
    exclude: options.exclude,
    filter: options.filter,
    excludeOutOfStock: config.excludeOutOfStock,
  });
  let returned = false;
  try {
    const caller = options.candidates === undefined ? undefined : callerSource(options.candidates);
    const stages = caller === undefined ? parts.stages : { ...parts.stages, sources: [...parts.stages.sources, caller] };
    const out = run(ctx, requestEnv(parts, record, checked.n, stages));
    returned = true;
    return out;
  } finally {
    close(returned);
  }
}

/**
 * The rest of a request prepared by {@link serveRequest} with `prepareRequest` (parallel
 * evaluation): the rerank against the ledger and the record into it when `record`; the product
 * indices served, best first. The merchant flags are a pooled scratch's (left all 0 by the
 * rerank), so a run of finishes allocates none; the scratch goes back to the pool only after a
 * rerank that returned, as one that threw may have left flags set.
 */
export function finishPreparedRequest(parts: ServeParts, prepared: PreparedRequest, record: boolean): Int32Array {
  const { pool } = parts.state;
  const scratch = pool.acquire();
  const order = finishRequest(prepared, requestEnv(parts, record, prepared.n), scratch.merchantFlags);
  pool.release(scratch);
  return order;
}
