import type * as z from 'zod/mini';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { safeParseEnglish } from './zod-english.js';

/**
 * One zod issue as a config issue: its dotted key path (for unknown keys, the path of the first
 * unknown key) under `prefix`, and its message.
 */
export function configIssue(issue: z.core.$ZodIssue, prefix = ''): ConfigIssue {
  const parts = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) parts.push(issue.keys[0]);
  const path = [prefix, ...parts].filter((p) => p !== '').join('.');
  return { path, message: issue.message };
}

/** Every issue of a failed parse, under `prefix` (see {@link configIssue}). */
export function configIssues(error: z.core.$ZodError, prefix = ''): ConfigIssue[] {
  return error.issues.map((issue) => configIssue(issue, prefix));
}

/**
 * Parses a component's config with its zod schema (an absent config is `{}`); on failure throws a
 * ConfigError whose message names the component, the first offending key path and why, then the
 * other issues (`ials config: factors: Too small: expected number to be >=1`), and whose `path`
 * is the first key path. The one config parser of the library: every component uses it.
 */
export function parseConfig<S extends z.core.$ZodType>(component: string, schema: S, input: unknown): z.output<S> {
  const parsed = safeParseEnglish(schema, input ?? {});
  if (parsed.success) return parsed.data;
  throw ConfigError.fromIssues(component, configIssues(parsed.error));
}
