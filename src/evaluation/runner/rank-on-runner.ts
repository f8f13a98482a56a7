/**
 * Ranking an evaluation's users on a runner's threads. Each user's request splits where the
 * exposure ledger comes in (engine/pipeline.ts): the stages before the rerank (candidates,
 * scores, blend, boost) run on the workers, kernel `rank-users`, on a copy of the fitted
 * recommender that each worker rebuilds once from its exported state (the jobs' context, sent to
 * each worker once); the rerank and the ledger record then run here, on the recommender itself,
 * user after user in order. The lists are those of `recommend()` user by user, bit for bit,
 * whatever the thread count.
 *
 * Users go out in batches, two batches of output buffers in turn: while this thread reranks one
 * batch, the workers score the next.
 */
import type { PreparedRequest } from '../../engine/pipeline.js';
import { Recommender } from '../../engine/recommender.js';
import type { RecommenderState } from '../../engine/state.js';
import { DataError } from '../../errors.js';
import { rerankReadsPopularity } from '../../fairness/rerank-config.js';
import { newContextId, type KernelJob, type ParallelRunner } from '../../parallel/job.js';
import { jobArray, jobParam } from '../../parallel/kernels.js';
import { yieldToEventLoop, type RankRequest } from './rank-users.js';

/** Users per job (a batch) at most: its buffers hold this many users' candidates. */
const BATCH = 128;
/** Users per chunk a worker claims. */
const GRAIN = 4;
/** Candidate slots per batch buffer at most (8 MB per 4-byte array), so large catalogues take smaller batches. */
const BATCH_SLOTS = 1 << 21;

/** Users per batch for a catalogue of `products`: {@link BATCH}, fewer where the buffers would pass {@link BATCH_SLOTS}. */
export function batchUsers(products: number): number {
  return Math.max(GRAIN, Math.min(BATCH, Math.floor(BATCH_SLOTS / products)));
}

/** The arrays of one batch's output, `products` entries per user. */
interface RankBuffers {
  readonly ids: Int32Array;
  readonly merchants: Int32Array;
  readonly scores: Float32Array;
  readonly evidenced: Uint8Array;
  readonly merit: Float32Array;
  /** Popularity percentiles (empty unless the reranker reads them: {@link rerankReadsPopularity}). */
  readonly popularity: Float32Array;
  /** Candidates of each user. */
  readonly count: Int32Array;
  /** Per user: slate length, request time. */
  readonly meta: Float64Array;
}

/** What every worker needs of a ranking (the jobs' context): the recommender's state and the users. */
interface RankContext {
  readonly state: RecommenderState;
  readonly users: readonly string[];
}

/** The worker side's copy of a ranking: the rebuilt recommender and the users, by context id. */
let loaded: { readonly id: number; readonly recommender: Recommender; readonly users: readonly string[] } | undefined;

/** The recommender of a job on this thread: rebuilt from the job's context on its first chunk here. */
function recommenderOf(job: KernelJob): NonNullable<typeof loaded> {
  const context = job.context;
  if (context === undefined) throw new DataError(`kernel ${job.kernel}: the job has no context (the recommender's state)`);
  if (loaded?.id === context.id) return loaded;
  loaded = undefined;
  const { state, users } = context.value as RankContext;
  return (loaded = { id: context.id, recommender: Recommender.fromState(state), users });
}

/**
 * The `rank-users` kernel (worker side): for rows `from .. to` of the job, the prepared request
 * of user `first + row` into the job's output arrays at row x products.
 * @throws DataError for a malformed job; the recommender's own errors as they are.
 */
export function rankUsersRows(job: KernelJob, from: number, to: number): void {
  const { recommender, users } = recommenderOf(job);
  const first = jobParam(job, 'first');
  const P = jobParam(job, 'products');
  const n = jobParam(job, 'n');
  const record = jobParam(job, 'record') === 1;
  const exPtr = jobArray(job, 'exPtr', Int32Array);
  const exIdx = jobArray(job, 'exIdx', Int32Array);
  const out = {
    ids: jobArray(job, 'ids', Int32Array),
    merchants: jobArray(job, 'merchants', Int32Array),
    scores: jobArray(job, 'scores', Float32Array),
    evidenced: jobArray(job, 'evidenced', Uint8Array),
  };
  const merit = jobArray(job, 'merit', Float32Array);
  const popularity = jobArray(job, 'popularity', Float32Array);
  const count = jobArray(job, 'count', Int32Array);
  const meta = jobArray(job, 'meta', Float64Array);
  const products = recommender.dataset.products;
  for (let row = from; row < to; row++) {
    const u = first + row;
    const exclude: string[] = [];
    for (let e = exPtr[u]!; e < exPtr[u + 1]!; e++) exclude.push(products.idAt(exIdx[e]!));
    const p = recommender.prepareRequest(users[u]!, { n, record, exclude });
    const C = p.ids.length;
    if (C > P) throw new DataError(`rank-users: ${C} candidates for user ${JSON.stringify(users[u])}, more than the ${P} products`);
    const at = row * P;
    out.ids.set(p.ids, at);
    out.merchants.set(p.merchantOf, at);
    out.scores.set(p.scores, at);
    out.evidenced.set(p.evidenced, at);
    if (record) merit.set(p.merit, at);
    if (popularity.length > 0 && p.popularity.length > 0) popularity.set(p.popularity, at);
    count[row] = C;
    meta[row * 2] = p.n;
    meta[row * 2 + 1] = p.now;
  }
}

/** Row `row` of a batch's buffers as a prepared request (views into the buffers). */
function preparedAt(b: RankBuffers, row: number, P: number, record: boolean): PreparedRequest {
  const at = row * P;
  const C = b.count[row]!;
  return {
    ids: b.ids.subarray(at, at + C),
    scores: b.scores.subarray(at, at + C),
    evidenced: b.evidenced.subarray(at, at + C),
    merit: record ? b.merit.subarray(at, at + C) : new Float32Array(0),
    popularity: b.popularity.length > 0 ? b.popularity.subarray(at, at + C) : new Float32Array(0),
    merchantOf: b.merchants.subarray(at, at + C),
    n: b.meta[row * 2]!,
    now: b.meta[row * 2 + 1]!,
  };
}

/**
 * Ranks every user of the request with the ledger-independent stages on `runner`'s threads and
 * the rerank and ledger record on this thread, users in order: the lists of `rankUsers`, bit for
 * bit. Each worker keeps the last recommender it rebuilt until the next one (or the pool closes).
 * The calling thread's own export (`exportState`) is what the workers rebuild from: plain data
 * and typed arrays, copied to each worker once. `batch`: users per job (default {@link batchUsers}).
 * @throws ThreadError (from the runner) when a worker fails; the recommender's errors as they are.
 */
export async function rankOnRunner(request: RankRequest, runner: ParallelRunner, batch = batchUsers(Math.max(1, request.recommender.dataset.products.size))): Promise<string[][]> {
  if (!(Number.isInteger(batch) && batch >= 1)) throw new DataError(`rankOnRunner: batch must be a positive integer, got ${batch}`);
  const rec = request.recommender;
  const ds = rec.dataset;
  const P = Math.max(1, ds.products.size);
  const { users, record } = request;
  // Each user's exclusions as product indices (unknown ids are ignored, as recommend ignores them).
  const exPtr = runner.alloc(Int32Array, users.length + 1);
  const indices: number[] = [];
  users.forEach((userId, u) => {
    for (const id of request.exclude(userId)) {
      const p = ds.products.indexOf(id);
      if (p >= 0) indices.push(p);
    }
    exPtr[u + 1] = indices.length;
  });
  const exIdx = runner.alloc(Int32Array, indices.length);
  exIdx.set(indices);
  const context = { id: newContextId(), value: { state: rec.exportState(), users } satisfies RankContext };
  const buffers = [0, 1].map((): RankBuffers => ({
    ids: runner.alloc(Int32Array, batch * P),
    merchants: runner.alloc(Int32Array, batch * P),
    scores: runner.alloc(Float32Array, batch * P),
    evidenced: runner.alloc(Uint8Array, batch * P),
    merit: runner.alloc(Float32Array, record ? batch * P : 0),
    popularity: runner.alloc(Float32Array, rerankReadsPopularity(rec.config.fairness.rerank) ? batch * P : 0),
    count: runner.alloc(Int32Array, batch),
    meta: runner.alloc(Float64Array, batch * 2),
  }));
  const run = (first: number, b: RankBuffers): Promise<void> => {
    const job: KernelJob = {
      kernel: 'rank-users',
      context,
      arrays: { exPtr, exIdx, ...b },
      params: { first, products: P, n: request.n, record: record ? 1 : 0 },
      count: Math.min(batch, users.length - first),
      grain: GRAIN,
    };
    const done = runner.run(job);
    // Handled where it is awaited; this keeps a failure while this thread reranks from counting as unhandled.
    done.catch(() => undefined);
    return done;
  };
  const lists: string[][] = [];
  let pending = users.length > 0 ? run(0, buffers[0]!) : Promise.resolve();
  for (let first = 0, turn = 0; first < users.length; first += batch, turn++) {
    await pending;
    if (first + batch < users.length) {
      pending = run(first + batch, buffers[(turn + 1) % 2]!);
      // The runner hands a job to its workers in a promise callback, which would wait for the
      // whole rerank loop below: one turn of the event loop lets it go out first, so the workers
      // score the next batch while this thread reranks this one.
      await yieldToEventLoop();
    }
    const b = buffers[turn % 2]!;
    const count = Math.min(batch, users.length - first);
    for (let row = 0; row < count; row++) {
      const order = rec.finishPrepared(preparedAt(b, row, P, record), record);
      lists.push(Array.from(order, (p) => ds.products.idAt(p)));
    }
    request.onRanked(first + count);
  }
  return lists;
}
