import { ValidationError, type ValidationIssue } from '../../errors.js';
import type { RejectedRecord } from '../../schema/validate.js';

/** The key of an Amazon file a library field is read from, and what the library makes of it. */
export interface FileKey {
  /** The key (JSON) or column name (CSV) in the file, e.g. `asin`. */
  readonly key: string;
  /** What the value is to the library, appended to the reason, e.g. `the product id`. */
  readonly meaning: string;
}

/** Library field -> the file key it comes from; fields not listed have the same name in the file. */
export type FileKeys = ReadonlyMap<string, FileKey>;

/** Metadata JSON lines (`meta_<Category>.json`): product fields. */
export const AMAZON_META_KEYS: FileKeys = new Map([
  ['id', { key: 'asin', meaning: 'the product id' }],
  ['merchantId', { key: 'brand', meaning: 'the merchant' }],
  ['tags', { key: 'category', meaning: 'the tags' }],
  ['category', { key: 'category', meaning: 'the category, its last entry' }],
]);

/** Review JSON lines (`<Category>_5.json`): event fields. */
export const AMAZON_REVIEW_KEYS: FileKeys = new Map([
  ['userId', { key: 'reviewerID', meaning: 'the user id' }],
  ['productId', { key: 'asin', meaning: 'the product id' }],
  ['rating', { key: 'overall', meaning: 'the rating' }],
  ['weight', { key: 'overall', meaning: 'the rating, as the event weight' }],
  ['timestamp', { key: 'unixReviewTime', meaning: 'the event time' }],
]);

/** Ratings-only CSV (`item,user,rating,timestamp`, no header): event fields. */
export const AMAZON_RATINGS_CSV_KEYS: FileKeys = new Map([
  ['userId', { key: 'user', meaning: 'the user id' }],
  ['productId', { key: 'item', meaning: 'the product id' }],
  ['weight', { key: 'rating', meaning: 'the rating, as the event weight' }],
]);

/**
 * The issue with its field named by the file's key (`id` -> `asin`, `tags.2` -> `category.2`)
 * and the reason saying what the value is to the library (`required (the product id)`); fields
 * not in `keys` (`title`, whole-record problems) are left as they are.
 */
export function issueWithFileKey(issue: ValidationIssue, keys: FileKeys): ValidationIssue {
  const [head = '', ...rest] = issue.field.split('.');
  const key = keys.get(head);
  if (key === undefined) return issue;
  return { ...issue, field: [key.key, ...rest].join('.'), reason: `${issue.reason} (${key.meaning})` };
}

/**
 * Runs `add` (which accepts or rejects one row of `sink`) so that the row's issues name the
 * file's keys (see {@link issueWithFileKey}): in `fail` mode the ValidationError it throws is
 * thrown again with the renamed issues; in `collect` mode the rows it rejected are rewritten.
 */
export function withFileKeys(sink: { readonly rejected: RejectedRecord[] }, keys: FileKeys, add: () => void): void {
  const from = sink.rejected.length;
  try {
    add();
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.issues.map((i) => issueWithFileKey(i, keys)));
    throw error;
  }
  for (let i = from; i < sink.rejected.length; i++) {
    const r = sink.rejected[i]!;
    sink.rejected[i] = { ...r, issues: r.issues.map((issue) => issueWithFileKey(issue, keys)) };
  }
}
