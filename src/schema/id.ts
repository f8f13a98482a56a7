import * as z from 'zod/mini';

/** Longest accepted id, in UTF-16 code units. */
export const MAX_ID_LENGTH = 256;

const NOT_AN_ID = 'expected a non-empty string id';

/** Why a number is no id: past 2^53 - 1, JSON readers round it, so the digits read are not the file's. */
function numberProblem(input: unknown): string {
  return typeof input === 'number' && Number.isInteger(input) && !Number.isSafeInteger(input)
    ? 'a numeric id above 2^53 - 1 cannot be read exactly (JSON numbers lose digits there; the value shown is the rounded one): write the id as a string'
    : NOT_AN_ID;
}

/**
 * An id from the caller: a non-empty string of at most 256 characters (surrounding white space
 * is trimmed). Finite integers are accepted and turned into their decimal string, since JSON
 * exports often carry numeric ids. Ids are only ever used as Map keys, so `__proto__` is fine.
 */
export const IdSchema = z.pipe(
  z.pipe(
    z.union([z.string(), z.number().check(z.int({ error: (iss) => numberProblem(iss.input) }), z.nonnegative({ error: NOT_AN_ID }))], {
      error: (iss) => (iss.input === undefined ? 'required' : NOT_AN_ID),
    }),
    z.transform((v) => (typeof v === 'number' ? String(v) : v.trim())),
  ),
  z.string().check(z.minLength(1, { error: NOT_AN_ID }), z.maxLength(MAX_ID_LENGTH, { error: `id longer than ${MAX_ID_LENGTH} characters` })),
);

/**
 * Why a value is not an id as validation leaves it (a non-empty string of at most 256 characters
 * without surrounding white space), or undefined when it is one. For records that skipped validation.
 */
export function validatedIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return `expected a string id, got ${typeof id}`;
  if (id.length === 0 || id.length > MAX_ID_LENGTH) return `expected a non-empty id of at most ${MAX_ID_LENGTH} characters, got ${id.length}`;
  if (id.trim() !== id) return `id ${JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id)} has surrounding white space (validation trims it)`;
  return undefined;
}
