/**
 * Tier codes used in `tierOf: Uint8Array` arrays (one byte per merchant index).
 */

/** Tier code of head merchants. */
export const TIER_HEAD = 0;
/** Tier code of mid merchants. */
export const TIER_MID = 1;
/** Tier code of small merchants (the protected group of FA*IR and `tier-floor`). */
export const TIER_SMALL = 2;
