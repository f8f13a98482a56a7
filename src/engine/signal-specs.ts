import type { ContentConfigInput } from '../signals/content.js';
import type { EaseConfigInput } from '../signals/ease.js';
import type { IalsConfigInput } from '../signals/ials.js';
import type { ItemKnnConfigInput } from '../signals/item-knn.js';
import type { PopularityConfigInput } from '../signals/popularity.js';
import type { TrendingConfigInput } from '../signals/trending-config.js';
import type { RecommenderConfigInput, SignalSpecInput } from './config.js';

/**
 * The config keys of each signal type, by type name: what `createRecommender` checks a signal
 * spec written in code against (a misspelt key of a built-in signal does not compile). A custom
 * signal added with `registerSignal` is typed the same way by declaration merging; until then its
 * specs are accepted as they are.
 *
 * @example
 * declare module 'goods-find-people' {
 *   interface SignalConfigs { recency: { halfLifeDays?: number } }
 * }
 */
export interface SignalConfigs {
  ials: IalsConfigInput;
  'item-knn': ItemKnnConfigInput;
  ease: EaseConfigInput;
  popularity: PopularityConfigInput;
  content: ContentConfigInput;
  trending: TrendingConfigInput;
}

/** One signal of type `T` as a caller writes it: the type, an optional name and blend weight, and the type's own config keys. */
export type SignalSpec<T extends keyof SignalConfigs = keyof SignalConfigs> = T extends keyof SignalConfigs
  ? { readonly type: T; readonly name?: string; readonly weight?: number } & Omit<SignalConfigs[T], 'type'>
  : never;

/**
 * `E` checked against its type's spec: a key the type does not have becomes `never` (so a
 * misspelt key does not compile). A spec whose type is not a literal known to {@link SignalConfigs}
 * (a custom signal, or a config read from a file) is left as it is; the config parser checks it at run time.
 */
export type CheckedSignalSpec<E> = E extends { readonly type: infer T }
  ? T extends keyof SignalConfigs
    ? SignalSpec<T> & { readonly [K in Exclude<keyof E, keyof SignalSpec<T>>]: never }
    : E
  : E;

/** Each spec of `S` checked by {@link CheckedSignalSpec}. */
export type CheckedSignals<S extends readonly SignalSpecInput[]> = { readonly [I in keyof S]: CheckedSignalSpec<S[I]> };

/**
 * A recommender config as `createRecommender` takes it: {@link RecommenderConfigInput} whose
 * signal specs (`S`, inferred from the call) are checked key by key against {@link SignalConfigs}.
 */
export type RecommenderOptions<S extends readonly SignalSpecInput[] = SignalSpecInput[]> = Omit<RecommenderConfigInput, 'signals'> & {
  readonly signals?: (S & CheckedSignals<S>) | undefined;
};
