import * as z from 'zod/mini';

/**
 * Numbers below this are epoch seconds, at or above it epoch milliseconds.
 * 1e11 seconds is the year 5138; 1e11 milliseconds is 1973-03-03. So any plausible commerce
 * timestamp is told apart without ambiguity (epoch-ms values before March 1973 are not supported).
 */
export const EPOCH_SECONDS_LIMIT = 1e11;

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const NUMERIC = /^[+-]?\d+(?:\.\d+)?$/;

/** Largest epoch millisecond a Date can hold (year 275760). */
const MAX_EPOCH_MS = 8.64e15;

/** Days in 400 Gregorian years: shifting a date by 400 years keeps weekdays and leap years. */
const DAYS_PER_400_YEARS = 146_097;

/** Epoch seconds or milliseconds to milliseconds, or the reason the number is not a timestamp. */
function numberToMs(n: number): number | string {
  if (!Number.isFinite(n)) return 'expected a finite number';
  if (n < 0) return 'expected a non-negative epoch time';
  const ms = n < EPOCH_SECONDS_LIMIT ? Math.round(n * 1000) : Math.round(n);
  return ms > MAX_EPOCH_MS ? 'beyond the largest representable date' : ms;
}

/** Date.UTC for any year 0..9999 (Date.UTC maps years 0..99 to 1900..1999, so shift by 400 years). */
function utc(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year + 400, monthIndex, day, hour, minute, second) - DAYS_PER_400_YEARS * 86_400_000;
}

/**
 * Converts an ISO 8601 string, epoch seconds or epoch milliseconds (number or numeric string) to
 * epoch milliseconds. Returns a reason string when the value is not a valid timestamp.
 *
 * @example toEpochMs('2024-07-26T20:24:00Z') // 1722025440000
 * @example toEpochMs(1722025440) // 1722025440000 (seconds told apart from milliseconds)
 */
export function toEpochMs(value: unknown): number | string {
  if (typeof value === 'number') return numberToMs(value);
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? 'invalid Date' : t;
  }
  if (typeof value !== 'string') return 'expected an ISO 8601 string or epoch seconds/milliseconds';
  const text = value.trim();
  if (text === '') return 'expected a timestamp, got an empty string';
  if (NUMERIC.test(text)) return numberToMs(Number(text));
  const m = ISO_8601.exec(text);
  if (m === null) return 'expected an ISO 8601 date-time (e.g. 2024-07-26T20:24:00Z) or epoch seconds/milliseconds';
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12) return `month ${mo} out of range`;
  const daysInMonth = new Date(utc(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return `day ${d} out of range for ${y}-${mo}`;
  if (hour > 23 || minute > 59 || second > 59) return 'time of day out of range';
  let offsetMin = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2, 4));
    if (offsetHours > 23 || offsetMinutes > 59) return `time zone offset ${zone} out of range`;
    offsetMin = sign * (offsetHours * 60 + offsetMinutes);
  }
  // No zone means UTC: the library never depends on the machine's time zone.
  const ms = Number(`0.${frac || '0'}`) * 1000;
  return utc(year, month - 1, day, hour, minute, second) + Math.round(ms) - offsetMin * 60_000;
}

/** Zod schema for a timestamp in any accepted form; parses to epoch milliseconds. */
export const TimestampSchema = z.pipe(
  z.unknown(),
  z.transform((value, ctx): number => {
    const out = value === undefined ? 'required' : toEpochMs(value);
    if (typeof out === 'string') {
      ctx.issues.push({ code: 'custom', message: out, input: value });
      return z.NEVER;
    }
    return out;
  }),
);
