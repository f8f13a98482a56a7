import type { Dataset } from '../dataset/dataset.js';
import { requireBaseWeight } from '../dataset/event-weighting.js';
import { DataError } from '../errors.js';
import { EventSchema, TopicSchema, type Event, type EventInput, type TopicInput } from '../schema/entities.js';
import { validateRecords } from '../schema/validate.js';
import type { Signal, UserContext } from '../signals/signal.js';
import { mergeHistory, type SeenRule, type UserHistory } from './user-history.js';

/** What `observe` takes: events (an array of them alone) and topic heat updates. */
export type ObserveInput = { readonly events?: readonly EventInput[]; readonly topics?: readonly TopicInput[] } | readonly EventInput[];

/** What `observe` took in. */
export interface ObserveResult {
  readonly events: number;
  readonly users: number;
  /** Events naming products the fitted catalogue does not hold (not lost: reported here). */
  readonly skippedUnknownProduct: number;
  readonly topics: number;
}

/** The recommender state `observe` reads and writes. */
export interface ObserveTarget {
  readonly dataset: Dataset;
  readonly signals: readonly Signal[];
  readonly seenRule: SeenRule;
  history(userId: string): UserHistory;
  setHistory(userId: string, history: UserHistory): void;
  userContext(userId: string): UserContext;
}

/**
 * Validates a batch of events and topics whole (nothing changes when any record is bad), then
 * merges each user's events into their history, lets the signals fold the user in (capability
 * `foldIn`) and hands the topics to the signals that take heat updates (capability `topics`).
 * @throws DataError when the input is not an object or array; ValidationError naming the record.
 */
export function observeEvents(input: ObserveInput, target: ObserveTarget): ObserveResult {
  if (input === null || typeof input !== 'object') {
    throw new DataError(`observe: expected { events, topics } or an array of events, got ${input === null ? 'null' : typeof input}`);
  }
  const list = Array.isArray(input);
  const eventsIn = list ? (input as readonly EventInput[]) : ((input as { events?: unknown }).events ?? []);
  const topicsIn = list ? [] : ((input as { topics?: unknown }).topics ?? []);
  if (!Array.isArray(eventsIn)) throw new DataError('observe: events must be an array');
  if (!Array.isArray(topicsIn)) throw new DataError('observe: topics must be an array');
  const events = validateRecords(EventSchema, eventsIn as readonly EventInput[], { source: 'observe.events' }).records;
  const topics = validateRecords(TopicSchema, topicsIn as readonly TopicInput[], { source: 'observe.topics' }).records;
  const ds = target.dataset;
  // Refuse the whole batch before any state changes, as fit does, when a custom type has no weight.
  events.forEach((e, i) => requireBaseWeight(ds.weighting, e.type, e.weight, `observe.events[${i}]`));
  const byUser = new Map<string, Event[]>();
  for (const e of events) {
    let userEvents = byUser.get(e.userId);
    if (userEvents === undefined) byUser.set(e.userId, (userEvents = []));
    userEvents.push(e);
  }
  let skipped = 0;
  for (const [userId, userEvents] of byUser) {
    const merged = mergeHistory(ds, target.history(userId), userEvents, target.seenRule);
    skipped += merged.skipped;
    target.setHistory(userId, merged.history);
    const ctx = target.userContext(userId);
    for (const s of target.signals) if (s.capabilities.foldIn) s.observe?.(ctx);
  }
  if (topics.length > 0) for (const s of target.signals) if (s.capabilities.topics) s.observeTopics?.(topics);
  return { events: events.length, users: byUser.size, skippedUnknownProduct: skipped, topics: topics.length };
}
