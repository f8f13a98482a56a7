/**
 * Columnar log of the events a dataset was built from: parallel typed arrays, one slot per
 * event, in input order. 21 bytes per event; kept beside the interaction matrix for
 * type-aware filters (e.g. "exclude purchased"), time-based trends and splitting.
 */
export interface EventLog {
  /** Number of events. */
  readonly length: number;
  /** Dense user index of each event. */
  readonly user: Int32Array;
  /** Dense product index of each event. */
  readonly product: Int32Array;
  /** Epoch ms of each event. */
  readonly time: Float64Array;
  /** Base weight (before decay) of each event. */
  readonly weight: Float32Array;
  /** Index into `types` of each event's type. */
  readonly type: Uint8Array;
  /** Distinct event type names; `type[e]` indexes this array. */
  readonly types: readonly string[];
}

/** Index of `name` in the log's types, or -1. */
export function typeCode(log: EventLog, name: string): number {
  return log.types.indexOf(name);
}
