import type { ProductUpsert } from '../dataset/catalogue.js';
import type { Dataset } from '../dataset/dataset.js';
import { baseWeight, requireBaseWeight } from '../dataset/event-weighting.js';
import { planProductChanges, validateProductChanges, type ProductChangeCounts, type ProductChangeInput } from '../dataset/product-changes.js';
import { DataError } from '../errors.js';
import { EventSchema, TopicSchema, type Event, type EventInput, type TopicInput } from '../schema/entities.js';
import { validateRecords } from '../schema/validate.js';
import type { ObservedItemEvent } from '../signals/observed-item-events.js';
import type { Signal, UserContext } from '../signals/signal.js';
import { mergeHistory, type SeenRule, type UserHistory } from './user-history.js';

/**
 * What `observe` takes: events (an array of them alone), topic heat updates, and product changes:
 * records to add or replace (a record replaces the whole record of its id), `{ id, remove: true }`
 * to remove. A new product takes the next index; a removed one keeps its index and record until
 * the next fit and takes them back when listed again. A merchant new to the catalogue takes the
 * next merchant index and, with no fitted interaction mass, the small tier (as a fit on the same
 * interactions would derive it) until the next fit.
 */
export type ObserveInput =
  | { readonly events?: readonly EventInput[]; readonly topics?: readonly TopicInput[]; readonly products?: readonly ProductChangeInput[] }
  | readonly EventInput[];

/** What `observe` took in. */
export interface ObserveResult {
  readonly events: number;
  readonly users: number;
  /** Events naming products the catalogue does not hold, even after the batch's products (not lost: reported here). */
  readonly skippedUnknownProduct: number;
  readonly topics: number;
  /** What the batch's product entries did. */
  readonly products: ProductChangeCounts;
}

/** The recommender state `observe` reads and writes. */
export interface ObserveTarget {
  /** The dataset as it stands (read again after the products are applied). */
  readonly dataset: Dataset;
  /** Every signal that takes observations: the blend's, and a baseline kept outside it. */
  readonly signals: readonly Signal[];
  readonly seenRule: SeenRule;
  history(userId: string): UserHistory;
  setHistory(userId: string, history: UserHistory): void;
  userContext(userId: string): UserContext;
  /** Applies the final state of each changed product (catalogue, text indexes, signals, serving state). */
  applyProducts(upserts: readonly ProductUpsert[]): void;
  /** Adds observed interactions to a product: decayed mass and new user-product pairs. */
  addObserved(product: number, mass: number, newPairs: number): void;
}

function arrayField(input: object, key: string): unknown[] {
  const value = (input as Record<string, unknown>)[key] ?? [];
  if (!Array.isArray(value)) throw new DataError(`observe: ${key} must be an array`);
  return value;
}

/**
 * Validates a batch of products, events and topics whole (nothing changes when any record is
 * bad), then applies the products (so events of products added in the batch count), merges each
 * user's events into their history, adds them to the products' observed interactions (signals
 * with capability `interactions`), lets the signals fold the user in (capability `foldIn`), hands
 * the counted events (positive base weight) to the signals that take them (`observeEvents`, e.g.
 * trending's own product bursts) and the topics to the signals that take heat updates (capability
 * `topics`).
 * @throws DataError when the input is not an object or array; ValidationError naming the record.
 */
export function observeBatch(input: ObserveInput, target: ObserveTarget): ObserveResult {
  if (input === null || typeof input !== 'object') {
    throw new DataError(`observe: expected { events, topics, products } or an array of events, got ${input === null ? 'null' : typeof input}`);
  }
  const list = Array.isArray(input);
  const eventsIn = list ? (input as unknown[]) : arrayField(input, 'events');
  const topicsIn = list ? [] : arrayField(input, 'topics');
  const productsIn = list ? [] : arrayField(input, 'products');
  const events = validateRecords(EventSchema, eventsIn, { source: 'observe.events' }).records;
  const topics = validateRecords(TopicSchema, topicsIn, { source: 'observe.topics' }).records;
  const plan = planProductChanges(target.dataset, validateProductChanges(productsIn, 'observe.products'));
  // Refuse the whole batch before any state changes, as fit does, when a custom type has no weight.
  events.forEach((e, i) => requireBaseWeight(target.dataset.weighting, e.type, e.weight, `observe.events[${i}]`));

  if (plan.upserts.length > 0) target.applyProducts(plan.upserts);
  const byUser = new Map<string, Event[]>();
  for (const e of events) {
    let userEvents = byUser.get(e.userId);
    if (userEvents === undefined) byUser.set(e.userId, (userEvents = []));
    userEvents.push(e);
  }
  const ds = target.dataset;
  let skipped = 0;
  const gained = new Set<number>();
  for (const [userId, userEvents] of byUser) {
    const merged = mergeHistory(ds, target.history(userId), userEvents, target.seenRule);
    skipped += merged.skipped;
    for (const g of merged.gains) {
      target.addObserved(g.product, g.mass, g.newPair ? 1 : 0);
      gained.add(g.product);
    }
    target.setHistory(userId, merged.history);
  }
  if (gained.size > 0) {
    const products = Int32Array.from(gained).sort();
    for (const s of target.signals) if (s.capabilities.interactions) s.observeInteractions?.(target.dataset, products);
  }
  for (const userId of byUser.keys()) {
    const ctx = target.userContext(userId);
    for (const s of target.signals) if (s.capabilities.foldIn) s.observe?.(ctx);
  }
  const timed = target.signals.filter((s) => s.observeEvents !== undefined);
  if (timed.length > 0) {
    const counted = countedEvents(ds, events);
    if (counted.length > 0) for (const s of timed) s.observeEvents!(counted);
  }
  if (topics.length > 0) for (const s of target.signals) if (s.capabilities.topics) s.observeTopics?.(topics);
  return { events: events.length, users: byUser.size, skippedUnknownProduct: skipped, topics: topics.length, products: plan.counts };
}

/** The events a product's own rate counts: positive base weight, on a product of the catalogue as it stands. */
function countedEvents(ds: Dataset, events: readonly Event[]): ObservedItemEvent[] {
  const out: ObservedItemEvent[] = [];
  for (const e of events) {
    const product = ds.products.indexOf(e.productId);
    if (product < 0 || !((baseWeight(ds.weighting, e.type, e.weight) ?? 0) > 0)) continue;
    out.push({ product, userId: e.userId, time: e.timestamp });
  }
  return out;
}
