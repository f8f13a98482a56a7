import { EventSchema, type Event } from '../../schema/entities.js';
import { readJsonLines } from '../json-lines.js';
import { RecordSink, type RowPlace, type RowProblem } from '../record-sink.js';
import { readTextLines } from '../text-lines.js';
import type { LoadMode } from '../types.js';
import { AMAZON_RATINGS_CSV_KEYS, AMAZON_REVIEW_KEYS, withFileKeys } from './amazon-keys.js';
import { isRatingProblem, ratingEvent } from './rating-event.js';

/** A ratings-only CSV of the 2018 release: `item,user,rating,timestamp`, no header (`.csv` or `.csv.gz`). */
export const AMAZON_RATINGS_CSV = /\.csv(\.gz)?$/i;

/** True when a reviews file name is a ratings-only CSV rather than review JSON lines. */
export function isAmazonRatingsCsv(path: string): boolean {
  return AMAZON_RATINGS_CSV.test(path);
}

/**
 * Reads the events of an Amazon reviews file: review JSON lines (`reviewerID`, `asin`, `overall`,
 * `unixReviewTime`) or a ratings-only CSV (`item,user,rating,timestamp` in epoch seconds, no
 * header), by the file name; gzipped when it ends in `.gz`. Bad rows are rejected through the
 * returned sink (file, line, the file's key or column, reason); `onEvent` sees each accepted event.
 */
export async function readAmazonEvents(
  path: string,
  mode: LoadMode,
  weights: 'binary' | 'rating',
  onEvent: (event: Event) => void,
): Promise<RecordSink<typeof EventSchema>> {
  const events = new RecordSink(EventSchema, 'events', path, mode);
  const csv = isAmazonRatingsCsv(path);
  const keys = csv ? AMAZON_RATINGS_CSV_KEYS : AMAZON_REVIEW_KEYS;
  const addRow = (raw: unknown, place: RowPlace, user: unknown, item: unknown, rating: unknown, time: unknown): void => {
    const event = ratingEvent(user, item, rating, time, weights);
    if (isRatingProblem(event)) {
      events.reject(raw, place, [event]);
      return;
    }
    const accepted = events.accept(event, place, false);
    if (accepted === undefined) return;
    onEvent(accepted);
    events.records.push(accepted);
  };
  const add = (raw: unknown, place: RowPlace, user: unknown, item: unknown, rating: unknown, time: unknown): void =>
    withFileKeys(events, keys, () => addRow(raw, place, user, item, rating, time));
  if (csv) {
    let index = 0;
    for await (const { line, text } of readTextLines(path)) {
      if (text.trim() === '') continue;
      const place = { index: index++, line };
      const cells = text.split(',');
      if (cells.length !== 4) {
        const problem: RowProblem = { field: '', value: text, reason: `expected 4 comma-separated fields (item,user,rating,timestamp), got ${cells.length}` };
        events.reject(text, place, [problem]);
        continue;
      }
      const [item, user, rating, time] = cells as [string, string, string, string];
      add({ item, user, rating, timestamp: time }, place, user, item, rating, time);
    }
    return events;
  }
  for await (const { value, place } of readJsonLines(path, events)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      events.reject(value, place, [{ field: '', value, reason: 'expected a JSON object' }]);
      continue;
    }
    const v = value as Record<string, unknown>;
    add(v, place, v['reviewerID'], v['asin'], v['overall'], v['unixReviewTime']);
  }
  return events;
}
