import type { Event } from '../../schema/entities.js';

/**
 * Internal: a total order on events that depends only on their content (time first, then
 * product, type, session, position, weight, surface), so results do not depend on input order.
 */
export function _compareEvents(a: Event, b: Event): number {
  return (
    a.timestamp - b.timestamp ||
    cmp(a.productId, b.productId) ||
    cmp(a.type, b.type) ||
    cmp(a.sessionId ?? '', b.sessionId ?? '') ||
    (a.position ?? 0) - (b.position ?? 0) ||
    (a.weight ?? 0) - (b.weight ?? 0) ||
    cmp(a.surface ?? '', b.surface ?? '')
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
