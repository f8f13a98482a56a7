import { describe, expect, it } from 'vitest';
import {
  fractionFlag,
  nonNegativeFlag,
  nonNegativeIntFlag,
  numberFlag,
  numberListFlag,
  positiveIntFlag,
  timeFlag,
} from '../../src/cli/flags.js';
import { ConfigError } from '../../src/errors.js';

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('did not throw');
};

describe('shared flag parsers', () => {
  it('accept what they promise', () => {
    expect(numberFlag('seed', '-3.5')).toBe(-3.5);
    expect(positiveIntFlag('n', '12')).toBe(12);
    expect(nonNegativeIntFlag('refit-every', '0')).toBe(0);
    expect(nonNegativeFlag('zipf', '1.1')).toBe(1.1);
    expect(fractionFlag('alpha', '0.05')).toBe(0.05);
    expect(numberListFlag('lambda', '0, 0.1,0.3', nonNegativeFlag)).toEqual([0, 0.1, 0.3]);
    expect(timeFlag('now', '2026-06-22T04:00:00Z')).toBe(Date.UTC(2026, 5, 22, 4));
  });

  it('reject the rest with --name: expected ..., got "text"', () => {
    expect(message(() => numberFlag('seed', ''))).toBe('--seed: expected a number, got ""');
    expect(message(() => positiveIntFlag('users', 'abc'))).toBe('--users: expected a positive integer, got "abc"');
    expect(message(() => positiveIntFlag('users', '-1'))).toBe('--users: expected a positive integer, got "-1"');
    expect(message(() => positiveIntFlag('n', '2.5'))).toBe('--n: expected a positive integer, got "2.5"');
    expect(message(() => positiveIntFlag('n', 'Infinity'))).toBe('--n: expected a positive integer, got "Infinity"');
    expect(message(() => nonNegativeIntFlag('seed', '-1'))).toBe('--seed: expected a non-negative integer, got "-1"');
    expect(message(() => nonNegativeFlag('zipf', '-0.1'))).toBe('--zipf: expected a non-negative number, got "-0.1"');
    expect(message(() => fractionFlag('alpha', '1'))).toBe('--alpha: expected a number in (0, 1), got "1"');
    expect(message(() => numberListFlag('lambda', ' , '))).toBe('--lambda: expected a comma-separated list of numbers, got " , "');
    expect(message(() => numberListFlag('lambda', '0,-1', nonNegativeFlag))).toBe('--lambda: expected a non-negative number, got "-1" (in "0,-1")');
    expect(message(() => timeFlag('now', 'soon'))).toMatch(/^--now: expected an ISO 8601 date-time .*, got "soon"$/);
  });
});
