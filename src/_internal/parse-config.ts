import type { z } from 'zod';
import { ConfigError } from '../errors.js';

/**
 * Parses a component's config with its zod schema; on failure throws a ConfigError whose
 * message names the component, the key path, the expected and the received value.
 */
export function parseConfig<S extends z.ZodType>(component: string, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((iss) => {
    const path = iss.path.map(String).join('.');
    return `${path === '' ? '(root)' : path}: ${iss.message}`;
  });
  const first = parsed.error.issues[0];
  throw new ConfigError(`${component} config: ${lines.join('; ')}`, first?.path.map(String).join('.') ?? '');
}
