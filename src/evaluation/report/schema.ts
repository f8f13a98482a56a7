import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../../errors.js';
import type { EvalReport, JsonValue } from './types.js';

const finite = z.number({ error: 'expected a finite number' }).refine(Number.isFinite, { error: 'expected a finite number' });
const count = z.number({ error: 'expected a count' }).int({ error: 'expected an integer' }).min(0, { error: 'expected a non-negative count' });

const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);

/** Schema of one metric's result. */
export const MetricResultSchema = z
  .object({
    mean: finite,
    ci95: z.tuple([finite, finite], { error: 'expected [lo, hi]' }),
    perUser: z.array(finite).optional(),
  })
  .strict();

const share = finite.refine((v) => v >= 0 && v <= 1, { error: 'expected a share in [0, 1]' });

/** Schema of one run. */
export const RunResultSchema = z
  .object({
    name: z.string().min(1, { error: 'expected a non-empty run name' }),
    config: z.record(z.string(), JsonValueSchema),
    metrics: z.record(z.string(), MetricResultSchema),
    timings: z.record(z.string(), finite),
    propensity: z.object({ unsupportedExposure: share }).strict().optional(),
  })
  .strict();

/** Schema of a report's propensity section (see `PropensityInfo`). */
export const PropensityInfoSchema = z
  .object({
    model: z.enum(['impressions', 'popularity', 'given']),
    description: z.string(),
    estimators: z.array(z.string()),
    clip: finite,
    heldOutInteractions: count,
    effectiveSampleSize: finite,
    meanWeight: finite,
    maxWeight: finite,
    clipped: count,
    details: z.record(z.string(), JsonValueSchema),
    warnings: z.array(z.string()),
  })
  .strict();

/** Schema of a report's protocol section (see `ProtocolInfo`). */
export const ProtocolInfoSchema = z
  .object({
    k: count.min(1, { error: 'expected a positive integer' }),
    metrics: z.array(z.string()),
    listLength: count.min(1, { error: 'expected a positive integer' }),
    candidates: z.enum(['full', 'engine']),
    ledger: z.enum(['sequential', 'frozen']),
    relevantTypes: z.array(z.string()).nullable(),
    fairnessMerchants: z.enum(['all', 'evidence']),
  })
  .strict();

/** Schema of an evaluation report file (see {@link EvalReport}). */
export const EvalReportSchema = z
  .object({
    version: z.literal(1, { error: 'expected version 1' }),
    dataset: z
      .object({
        name: z.string(),
        fingerprint: z.string(),
        users: count,
        items: count,
        interactions: count,
        loadedUsers: count.optional(),
        loadedEvents: count.optional(),
        contextFingerprint: z.string().optional(),
        merchantTiers: z.object({ head: count, mid: count, small: count }).strict().optional(),
      })
      .strict(),
    split: z
      .object({
        strategy: z.string(),
        trainEvents: count,
        testEvents: count,
        trainUsers: count,
        testUsers: count,
        trainCells: count.optional(),
        droppedTestEvents: count.optional(),
        droppedUsers: count.optional(),
        cutoff: finite.optional(),
        params: z.record(z.string(), JsonValueSchema).optional(),
      })
      .strict(),
    protocol: ProtocolInfoSchema.optional(),
    warnings: z.array(z.string()).optional(),
    evaluated: z
      .object({
        testUsers: count,
        evaluated: count,
        notEvaluated: z.object({ noRelevantTestEvents: count, onlyTrainingItems: count, offCatalogue: count }).strict(),
      })
      .strict()
      .optional(),
    users: z.array(z.string()).optional(),
    propensity: PropensityInfoSchema.optional(),
    fairness: z.object({ merchants: z.enum(['all', 'evidence']), covered: count, total: count }).strict().optional(),
    runs: z.array(RunResultSchema),
  })
  .strict();

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return node;
}

/**
 * Validates parsed JSON as an {@link EvalReport}. Throws ValidationError whose issues name the
 * JSON path (`runs.0.metrics.ndcg@10.mean`), the value and the reason.
 */
export function parseEvalReport(json: unknown, source = 'report'): EvalReport {
  const parsed = EvalReportSchema.safeParse(json);
  if (parsed.success) return parsed.data as EvalReport;
  const issues: ValidationIssue[] = parsed.error.issues.map((issue) => {
    const value = valueAt(json, issue.path);
    return {
      source,
      field: issue.path.map(String).join('.'),
      ...(value === undefined ? {} : { value }),
      reason: issue.message,
    };
  });
  throw new ValidationError(issues);
}

/** Parses the text of a report file; invalid JSON or an invalid report throw ValidationError. */
export function readEvalReportJson(text: string, source = 'report'): EvalReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError([{ source, field: '', reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  return parseEvalReport(json, source);
}
