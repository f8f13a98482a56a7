export {
  EVAL_DATASET_FORMATS,
  EvalConfigSchema,
  EvalDatasetConfigSchema,
  EvalModelConfigSchema,
  EvalProtocolSchema,
  EvalSplitConfigSchema,
  EvalSweepConfigSchema,
  type EvalConfig,
  type EvalConfigInput,
  type EvalModelConfigInput,
  type EvalSweepConfig,
} from './schema.js';
export { TuneConfigSchema, type TuneConfig } from './tune-schema.js';
export { SplitterConfigSchema, type SplitterConfig } from './split-schema.js';
export { parseEvalConfig } from './parse.js';
export { configModels, evaluateOptionsFromConfig } from './to-options.js';
export { evalConfigJsonSchema } from './json-schema.js';
