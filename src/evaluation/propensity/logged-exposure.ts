import type { ImpressionLog } from './impression-log.js';

/** One product in one held-out slate. */
export interface SlateExposure {
  /** 1-based position. */
  readonly position: number;
  /** Shown on the randomised surface. */
  readonly randomised: boolean;
  /** A positive event of the user on the product followed this impression (before the next one). */
  readonly clicked: boolean;
}

/** The held-out period's slates per user, in time order: each maps the products shown to where and whether clicked. */
export interface HeldOutExposure {
  readonly slates: ReadonlyMap<string, readonly ReadonlyMap<string, SlateExposure>[]>;
}

/** Internal: the slates of a held-out impression log per user (a product listed twice in one slate counts at its first position). */
export function _heldOutExposure(log: ImpressionLog): HeldOutExposure {
  const bySlate = new Map<number, { user: number; time: number; items: Map<string, SlateExposure> }>();
  for (let j = 0; j < log.user.length; j++) {
    let slate = bySlate.get(log.slate[j]!);
    if (slate === undefined) bySlate.set(log.slate[j]!, (slate = { user: log.user[j]!, time: log.time[j]!, items: new Map() }));
    const productId = log.items[log.item[j]!]!;
    const before = slate.items.get(productId);
    const clicked = log.clicked[j] === 1 || before?.clicked === true;
    slate.items.set(productId, before === undefined ? { position: log.position[j]!, randomised: log.randomised[j] === 1, clicked } : { ...before, clicked });
  }
  const slates = new Map<string, Map<string, SlateExposure>[]>();
  const ordered = [...bySlate.entries()].sort((a, b) => a[1].time - b[1].time || a[0] - b[0]);
  for (const [, slate] of ordered) {
    const userId = log.users[slate.user]!;
    let list = slates.get(userId);
    if (list === undefined) slates.set(userId, (list = []));
    list.push(slate.items);
  }
  return { slates };
}

/** The logging policy's uniform randomisation, measured on its impressions. */
export interface Randomisation {
  /** Share of impressions on the randomised surface. */
  readonly rate: number;
  /** Probability that one slate's randomisation shows a given product: randomised slots per slate / catalogue size. */
  readonly perSlate: number;
}

/**
 * Internal: the randomisation of a logging policy that randomises slots uniformly over the
 * catalogue (epsilon exploration on a randomised surface), measured on its impressions.
 */
export function _randomisation(log: ImpressionLog, catalogueSize: number): Randomisation {
  let randomised = 0;
  for (const r of log.randomised) randomised += r;
  const impressions = log.user.length;
  return {
    rate: impressions > 0 ? randomised / impressions : 0,
    perSlate: catalogueSize > 0 && log.slates > 0 ? Math.min(1, randomised / log.slates / catalogueSize) : 0,
  };
}
