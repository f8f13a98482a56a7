import type { RowProblem } from '../record-sink.js';

/** The raw event of one rating, before EventSchema validation (`rating` is kept for rejected rows). */
export interface RawRatingEvent {
  userId: unknown;
  productId: unknown;
  type: 'rating';
  timestamp: unknown;
  weight: number;
  /** Always `undefined`; present because the EventSchema in zod 4 wants the key (see entity-specs). */
  position: undefined;
  rating: unknown;
}

/**
 * Builds the raw event of a rating: type `rating`, weight 1 (`binary`) or the rating (`rating`).
 * Returns a problem when the rating is not a finite non-negative number.
 */
export function ratingEvent(
  userId: unknown,
  productId: unknown,
  rating: unknown,
  timestamp: unknown,
  weights: 'binary' | 'rating',
): RawRatingEvent | RowProblem {
  const value = typeof rating === 'number' ? rating : typeof rating === 'string' && rating.trim() !== '' ? Number(rating) : Number.NaN;
  if (!Number.isFinite(value) || value < 0) {
    return { field: 'rating', ...(rating !== undefined ? { value: rating } : {}), reason: rating === undefined ? 'required' : 'expected a finite non-negative number' };
  }
  return { userId, productId, type: 'rating', timestamp, weight: weights === 'rating' ? value : 1, position: undefined, rating };
}

/** True when `x` is a problem rather than an event. */
export function isRatingProblem(x: RawRatingEvent | RowProblem): x is RowProblem {
  return 'reason' in x;
}
