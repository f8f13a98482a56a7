export type { FitContext, ProductSubset, ScoredItems, Signal, SignalBoost, SignalCapabilities, SignalConfigJson, SignalState, StateArray, UserContext } from './signal.js';
export { createIals, IalsConfigSchema, IalsSignal, type IalsConfig, type IalsConfigInput, type IalsHooks, type IalsProgress } from './ials.js';
export { cosineNeighbours, createItemKnn, ItemKnnConfigSchema, ItemKnnSignal, type ItemKnnConfig, type ItemKnnConfigInput } from './item-knn.js';
export { createEase, EaseConfigSchema, EaseSignal, fitEaseWeights, type EaseConfig, type EaseConfigInput } from './ease.js';
export { createPopularity, PopularityConfigSchema, PopularitySignal, type PopularityConfig, type PopularityConfigInput } from './popularity.js';
export { ContentConfigSchema, ContentSignal, createContent, type ContentConfig, type ContentConfigInput } from './content.js';
export { createTrending, TrendingConfigSchema, TrendingSignal, type TopicHeatState, type TrendingConfig, type TrendingConfigInput } from './trending.js';
export { burstFactor, heatAt, heatSeries, windowCount, type HeatSeries } from './topic-heat.js';
