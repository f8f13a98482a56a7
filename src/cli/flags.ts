import { ConfigError } from '../errors.js';
import { toEpochMs } from '../schema/timestamp.js';

/**
 * Command-line flag parsers shared by every `gfp` command. Each takes the flag's name (without
 * dashes) and its text and returns the value, or throws a ConfigError
 * `--name: expected ..., got "text"` (the CLI turns it into exit code 2).
 */

function fail(name: string, expected: string, text: string): never {
  throw new ConfigError(`--${name}: expected ${expected}, got ${JSON.stringify(text)}`, name);
}

function finite(name: string, text: string, expected: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) fail(name, expected, text);
  return value;
}

/** A finite number (any sign), e.g. a seed or an exponent. */
export function numberFlag(name: string, text: string): number {
  return finite(name, text, 'a number');
}

/** A whole number >= 1 (a count, a slate length). */
export function positiveIntFlag(name: string, text: string): number {
  const value = finite(name, text, 'a positive integer');
  if (!Number.isInteger(value) || value < 1) fail(name, 'a positive integer', text);
  return value;
}

/** A thread count: a whole number >= 1, or `auto` (the machine's available parallelism). */
export function threadsFlag(name: string, text: string): number | 'auto' {
  if (text.trim() === 'auto') return 'auto';
  const value = finite(name, text, 'a positive integer or "auto"');
  if (!Number.isInteger(value) || value < 1) fail(name, 'a positive integer or "auto"', text);
  return value;
}

/** A whole number >= 0 (e.g. `--refit-every 0` = never). */
export function nonNegativeIntFlag(name: string, text: string): number {
  const value = finite(name, text, 'a non-negative integer');
  if (!Number.isInteger(value) || value < 0) fail(name, 'a non-negative integer', text);
  return value;
}

/** A finite number >= 0. */
export function nonNegativeFlag(name: string, text: string): number {
  const value = finite(name, text, 'a non-negative number');
  if (value < 0) fail(name, 'a non-negative number', text);
  return value;
}

/** A fraction strictly between 0 and 1 (e.g. a significance level). */
export function fractionFlag(name: string, text: string): number {
  const value = finite(name, text, 'a number in (0, 1)');
  if (!(value > 0 && value < 1)) fail(name, 'a number in (0, 1)', text);
  return value;
}

/**
 * A comma-separated list of numbers, each checked by `each` (default: every finite number); at
 * least one. A bad element is reported as `--name: expected ..., got "x" (in "0,x")`.
 */
export function numberListFlag(name: string, text: string, each: (name: string, text: string) => number = numberFlag): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.every((s) => s === '')) fail(name, 'a comma-separated list of numbers', text);
  return parts.map((part) => {
    try {
      return each(name, part);
    } catch (error) {
      if (error instanceof ConfigError && parts.length > 1) throw new ConfigError(`${error.message} (in ${JSON.stringify(text)})`, name);
      throw error;
    }
  });
}

/** A time (ISO 8601 or epoch seconds/ms) as epoch milliseconds. */
export function timeFlag(name: string, text: string): number {
  const t = toEpochMs(text);
  if (typeof t === 'string') throw new ConfigError(`--${name}: ${t}, got ${JSON.stringify(text)}`, name);
  return t;
}
