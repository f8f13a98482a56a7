import type { z } from 'zod';
import { ConfigError } from '../errors.js';

/**
 * Parses a component config with its zod schema; on failure throws a ConfigError whose message
 * and `path` name the offending key (for unknown keys, the first unknown key).
 *
 * @example parseConfig(schema, { k1: -1 }, 'text index') // throws ConfigError('text index: k1: ...', 'k1')
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, label: string): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const parts = issue === undefined ? [] : issue.path.map(String);
  if (issue !== undefined && issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) parts.push(issue.keys[0]);
  const path = parts.join('.');
  throw new ConfigError(`${label}: ${path === '' ? '' : `${path}: `}${issue?.message ?? 'invalid config'}`, path);
}
