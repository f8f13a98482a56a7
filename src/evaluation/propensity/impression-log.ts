import { DataError } from '../../errors.js';
import type { Event } from '../../schema/entities.js';
import { _isPositive } from '../runner/relevance.js';

/**
 * Logged impressions in flat typed arrays: one entry per `impression` event, with the user and
 * product as dense indices, the 1-based position, the slate it belongs to and whether a positive
 * event of the same user on the same product followed it (a click).
 */
export interface ImpressionLog {
  /** User ids by dense index. */
  readonly users: readonly string[];
  readonly userIndex: ReadonlyMap<string, number>;
  /** Product ids by dense index (only products that were shown). */
  readonly items: readonly string[];
  readonly itemIndex: ReadonlyMap<string, number>;
  /** Per impression: user index, item index, 1-based position, slate index, time (epoch ms). */
  readonly user: Int32Array;
  readonly item: Int32Array;
  readonly position: Int32Array;
  readonly slate: Int32Array;
  readonly time: Float64Array;
  /** Per impression: 1 when a positive event of the same user and product followed it. */
  readonly clicked: Uint8Array;
  /** Per impression: 1 when it was shown on the randomised surface (result randomisation). */
  readonly randomised: Uint8Array;
  /** Slates (distinct user, session, time) per user. */
  readonly slatesOfUser: Int32Array;
  /** Number of slates. */
  readonly slates: number;
  /** Largest logged position. */
  readonly maxPosition: number;
  /** Positive events that followed no impression of the same user and product (not clicks of any slate). */
  readonly unmatchedPositives: number;
}

/** Options of {@link _readImpressionLog}. */
export interface ImpressionLogOptions {
  /** Events' source name in error messages. @default 'events' */
  readonly source?: string;
  /** Surface whose impressions are randomised (result randomisation); undefined: none. */
  readonly randomisedSurface?: string;
}

const SEP = '\u0000';

/**
 * Internal: reads the impressions of an event list. A slate is the impressions of one user with
 * the same session id and timestamp. A positive event (see `_isPositive`) clicks the latest
 * impression of the same user and product at or before its time; each impression is clicked at
 * most once.
 *
 * @throws DataError naming the event (its index in `events`) and the field `position` when an
 *   impression has no position: position-based propensities need every impression's rank.
 */
export function _readImpressionLog(events: readonly Event[], options: ImpressionLogOptions = {}): ImpressionLog {
  const source = options.source ?? 'events';
  const users: string[] = [];
  const userIndex = new Map<string, number>();
  const items: string[] = [];
  const itemIndex = new Map<string, number>();
  const slateIndex = new Map<string, number>();
  const u: number[] = [];
  const it: number[] = [];
  const pos: number[] = [];
  const sl: number[] = [];
  const time: number[] = [];
  const rand: number[] = [];
  const slatesOfUser: number[] = [];
  let maxPosition = 0;
  events.forEach((e, index) => {
    if (e.type !== 'impression') return;
    if (e.position === undefined) {
      throw new DataError(
        `${source}[${index}] (impression of user ${JSON.stringify(e.userId)} on product ${JSON.stringify(e.productId)}): field "position" is missing; ` +
          'the impressions propensity model needs the 1-based position of every impression',
      );
    }
    let ui = userIndex.get(e.userId);
    if (ui === undefined) {
      userIndex.set(e.userId, (ui = users.push(e.userId) - 1));
      slatesOfUser.push(0);
    }
    let ii = itemIndex.get(e.productId);
    if (ii === undefined) itemIndex.set(e.productId, (ii = items.push(e.productId) - 1));
    const key = `${e.userId}${SEP}${e.sessionId ?? ''}${SEP}${e.timestamp}`;
    let si = slateIndex.get(key);
    if (si === undefined) {
      slateIndex.set(key, (si = slateIndex.size));
      slatesOfUser[ui]!++;
    }
    u.push(ui);
    it.push(ii);
    pos.push(e.position);
    sl.push(si);
    time.push(e.timestamp);
    rand.push(options.randomisedSurface !== undefined && e.surface === options.randomisedSurface ? 1 : 0);
    if (e.position > maxPosition) maxPosition = e.position;
  });
  const clicked = new Uint8Array(u.length);
  const unmatched = matchClicks(events, userIndex, itemIndex, u, it, time, clicked);
  return {
    users,
    userIndex,
    items,
    itemIndex,
    user: Int32Array.from(u),
    item: Int32Array.from(it),
    position: Int32Array.from(pos),
    slate: Int32Array.from(sl),
    time: Float64Array.from(time),
    clicked,
    randomised: Uint8Array.from(rand),
    slatesOfUser: Int32Array.from(slatesOfUser),
    slates: slateIndex.size,
    maxPosition,
    unmatchedPositives: unmatched,
  };
}

/** Marks, for every positive event, the latest impression of its pair at or before its time; returns the positives matched to none. */
function matchClicks(
  events: readonly Event[],
  userIndex: ReadonlyMap<string, number>,
  itemIndex: ReadonlyMap<string, number>,
  user: readonly number[],
  item: readonly number[],
  time: readonly number[],
  clicked: Uint8Array,
): number {
  const byPair = new Map<number, number[]>();
  const width = itemIndex.size;
  for (let j = 0; j < user.length; j++) {
    const key = user[j]! * width + item[j]!;
    let list = byPair.get(key);
    if (list === undefined) byPair.set(key, (list = []));
    list.push(j);
  }
  for (const list of byPair.values()) list.sort((a, b) => time[a]! - time[b]! || a - b);
  let unmatched = 0;
  for (const e of events) {
    if (e.type === 'impression' || !_isPositive(e)) continue;
    const ui = userIndex.get(e.userId);
    const ii = itemIndex.get(e.productId);
    const list = ui === undefined || ii === undefined ? undefined : byPair.get(ui * width + ii);
    if (list === undefined || time[list[0]!]! > e.timestamp) {
      unmatched++;
      continue;
    }
    // Latest impression at or before the event: binary search for the last time <= timestamp.
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (time[list[mid]!]! <= e.timestamp) lo = mid;
      else hi = mid - 1;
    }
    clicked[list[lo]!] = 1;
  }
  return unmatched;
}
