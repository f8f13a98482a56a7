import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../../src/_internal/parse-config.js';
import { ConfigError, formatConfigIssue } from '../../src/errors.js';

const Schema = z.object({ n: z.number().int().min(1).default(10), nested: z.object({ k: z.number() }).strict().optional() }).strict();

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('the one config parser', () => {
  it('fills defaults and takes an absent config as {}', () => {
    expect(parseConfig('thing', Schema, undefined)).toEqual({ n: 10 });
  });

  it('names the component, the key path and why; path is the first issue', () => {
    const e = thrown(() => parseConfig('thing', Schema, { n: 0 }));
    expect(e.message).toBe('thing config: n: Too small: expected number to be >=1');
    expect(e.path).toBe('n');
  });

  it('names the first unknown key (nested too) and lists every issue', () => {
    const e = thrown(() => parseConfig('thing', Schema, { n: 0, nested: { k: 1, typo: 2 } }));
    expect(e.issues.map((i) => i.path)).toEqual(['n', 'nested.typo']);
    expect(e.message).toMatch(/^thing config: n: .+ \(and 1 more issue: nested\.typo: /);
  });

  it('prefixes the path only when the message does not name it as a whole key', () => {
    expect(formatConfigIssue({ path: 'n', message: 'expected number' })).toBe('n: expected number');
    expect(formatConfigIssue({ path: 'models.0', message: 'model "x" (models.0.signals.0.factors): too small' })).toBe('model "x" (models.0.signals.0.factors): too small');
  });
});
