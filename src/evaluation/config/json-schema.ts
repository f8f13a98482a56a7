import { z } from 'zod';
import { EvalConfigSchema } from './schema.js';

/**
 * The JSON Schema (draft 2020-12) of evaluation config files, for editors: the input form, so keys
 * with defaults are optional. Committed as `schemas/eval-config.schema.json` (a test keeps it current).
 */
export function evalConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(EvalConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'goods-find-people evaluation config' };
}
