import { describe, expect, it } from 'vitest';
import { EPOCH_SECONDS_LIMIT, EventSchema, TimestampSchema, toEpochMs } from '../../src/schema/index.js';

const T = 1_722_025_440_000; // 2024-07-26T20:24:00Z

describe('toEpochMs: accepted forms, stored as epoch milliseconds', () => {
  it.each([
    ['2024-07-26T20:24:00Z', T],
    ['2024-07-26T20:24:00.000Z', T],
    ['2024-07-26T20:24:00.5Z', T + 500],
    ['2024-07-26T20:24:00.123456Z', T + 123],
    ['2024-07-26T20:24:00', T], // no zone: UTC, never the machine's zone
    ['2024-07-26 20:24', T],
    ['2024-07-26T20:24Z', T],
    ['2024-07-26', Date.UTC(2024, 6, 26)],
    ['2024-07-27T04:24:00+08:00', T],
    ['2024-07-27T04:24:00+0800', T],
    ['2024-07-26T18:54:00-01:30', T],
    ['2024-02-29', Date.UTC(2024, 1, 29)], // leap day
    ['2000-02-29', Date.UTC(2000, 1, 29)],
    ['1970-01-01T00:00:00Z', 0],
    ['  2024-07-26T20:24:00Z ', T],
    // Years below 100 are real years, not 1900 + year as Date.UTC would make them.
    ['0000-01-01', -62_167_219_200_000],
    // 0000-01-01 plus 36525 - 1 days (25 leap years among 0..99).
    ['0099-12-31', -62_167_219_200_000 + 36_524 * 86_400_000],
  ])('ISO 8601 %j -> %d', (input, ms) => {
    expect(toEpochMs(input)).toBe(ms);
  });

  it.each([
    [1_722_025_440, T], // epoch seconds
    [1_722_025_440_000, T], // epoch milliseconds
    [1_722_025_440.5, T + 500], // fractional seconds
    ['1722025440', T],
    ['1722025440000', T],
    ['1722025440123', T + 123],
    [0, 0],
  ])('epoch number %j -> %d', (input, ms) => {
    expect(toEpochMs(input)).toBe(ms);
  });

  it('tells seconds from milliseconds at 1e11, with no plausible date on the wrong side', () => {
    expect(EPOCH_SECONDS_LIMIT).toBe(1e11);
    // Just below: seconds (year 5138); at the limit: milliseconds (1973-03-03).
    expect(toEpochMs(99_999_999_999)).toBe(99_999_999_999_000);
    expect(new Date(99_999_999_999_000).getUTCFullYear()).toBe(5138);
    expect(toEpochMs(100_000_000_000)).toBe(100_000_000_000);
    expect(new Date(100_000_000_000).toISOString()).toBe('1973-03-03T09:46:40.000Z');
    // The same instant given both ways lands on the same millisecond, for dates from 1973 to 5138.
    for (const iso of ['1973-03-04T00:00:00Z', '2001-09-09T01:46:40Z', '2024-07-26T20:24:00Z', '2262-04-11T23:47:16Z', '5000-01-01T00:00:00Z']) {
      const ms = Date.parse(iso);
      expect(toEpochMs(ms)).toBe(ms);
      expect(toEpochMs(ms / 1000)).toBe(ms);
      expect(toEpochMs(String(ms / 1000))).toBe(ms);
    }
  });

  it('accepts a valid Date object', () => {
    expect(toEpochMs(new Date(T))).toBe(T);
  });
});

describe('toEpochMs: rejected forms, with the reason', () => {
  it.each([
    ['', 'expected a timestamp, got an empty string'],
    ['   ', 'expected a timestamp, got an empty string'],
    ['yesterday', 'expected an ISO 8601 date-time (e.g. 2024-07-26T20:24:00Z) or epoch seconds/milliseconds'],
    ['Jul 26 2024', 'expected an ISO 8601 date-time (e.g. 2024-07-26T20:24:00Z) or epoch seconds/milliseconds'],
    ['2024-7-26', 'expected an ISO 8601 date-time (e.g. 2024-07-26T20:24:00Z) or epoch seconds/milliseconds'],
    ['26/07/2024', 'expected an ISO 8601 date-time (e.g. 2024-07-26T20:24:00Z) or epoch seconds/milliseconds'],
    ['1.7e9', 'expected an ISO 8601 date-time (e.g. 2024-07-26T20:24:00Z) or epoch seconds/milliseconds'],
    ['2024-13-01', 'month 13 out of range'],
    ['2024-00-10', 'month 00 out of range'],
    ['2023-02-29', 'day 29 out of range for 2023-02'],
    ['1900-02-29', 'day 29 out of range for 1900-02'],
    ['2024-04-31', 'day 31 out of range for 2024-04'],
    ['2024-07-26T24:00:00Z', 'time of day out of range'],
    ['2024-07-26T20:60:00Z', 'time of day out of range'],
    ['2024-07-26T20:24:60Z', 'time of day out of range'],
    ['2024-07-26T20:24:00+24:00', 'time zone offset +24:00 out of range'],
    ['2024-07-26T20:24:00+08:75', 'time zone offset +08:75 out of range'],
    [-1, 'expected a non-negative epoch time'],
    ['-1722025440', 'expected a non-negative epoch time'],
    [Number.NaN, 'expected a finite number'],
    [Number.POSITIVE_INFINITY, 'expected a finite number'],
    [1e20, 'beyond the largest representable date'],
    ['99999999999999999999', 'beyond the largest representable date'],
    [true, 'expected an ISO 8601 string or epoch seconds/milliseconds'],
    [null, 'expected an ISO 8601 string or epoch seconds/milliseconds'],
    [{}, 'expected an ISO 8601 string or epoch seconds/milliseconds'],
    [new Date(Number.NaN), 'invalid Date'],
  ])('%j: %s', (input, reason) => {
    expect(toEpochMs(input)).toBe(reason);
  });

  it('every accepted number becomes a date that can be printed', () => {
    for (const n of [0, 1, 99_999_999_999, 1e11, 8.64e15]) {
      const ms = toEpochMs(n);
      expect(typeof ms).toBe('number');
      expect(() => new Date(ms as number).toISOString()).not.toThrow();
    }
  });
});

describe('TimestampSchema', () => {
  it('parses to epoch ms and reports the reason as the issue message', () => {
    expect(TimestampSchema.parse('2024-07-26T20:24:00Z')).toBe(T);
    const r = TimestampSchema.safeParse('2024-02-30');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('day 30 out of range for 2024-02');
  });

  it('says "required" for a missing timestamp', () => {
    const r = EventSchema.safeParse({ userId: 'u', productId: 'p', type: 'view' });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['timestamp', 'required']]);
  });
});
