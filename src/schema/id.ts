import { z } from 'zod';

/** Longest accepted id, in UTF-16 code units. */
export const MAX_ID_LENGTH = 256;

const NOT_AN_ID = 'expected a non-empty string id';

/**
 * An id from the caller: a non-empty string of at most 256 characters (surrounding white space
 * is trimmed). Finite integers are accepted and turned into their decimal string, since JSON
 * exports often carry numeric ids. Ids are only ever used as Map keys, so `__proto__` is fine.
 */
export const IdSchema = z
  .union([z.string(), z.number().int({ error: NOT_AN_ID }).nonnegative({ error: NOT_AN_ID })], {
    error: (iss) => (iss.input === undefined ? 'required' : NOT_AN_ID),
  })
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .pipe(
    z
      .string()
      .min(1, { error: NOT_AN_ID })
      .max(MAX_ID_LENGTH, { error: `id longer than ${MAX_ID_LENGTH} characters` }),
  );
