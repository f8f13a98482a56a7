import { DataError } from '../../errors.js';

/**
 * Internal: pairs two per-user metric vectors: by user id when both user lists are given (users of
 * `a` in their order, those missing from `usersB` skipped), else by position.
 *
 * @throws DataError when the vectors cannot be paired (lengths differ without user lists, or a
 *   user list does not match its vector).
 */
export function _pairPerUser(
  a: readonly number[],
  b: readonly number[],
  usersA?: readonly string[],
  usersB?: readonly string[],
): [number[], number[]] {
  if (usersA === undefined || usersB === undefined) {
    if (a.length !== b.length) throw new DataError(`cannot pair per-user vectors of ${a.length} and ${b.length} users without user lists`);
    return [[...a], [...b]];
  }
  if (usersA.length !== a.length || usersB.length !== b.length) {
    throw new DataError(`user lists (${usersA.length}, ${usersB.length}) do not match the per-user vectors (${a.length}, ${b.length})`);
  }
  const index = new Map<string, number>();
  usersB.forEach((u, j) => index.set(u, j));
  const x: number[] = [];
  const y: number[] = [];
  usersA.forEach((u, i) => {
    const j = index.get(u);
    if (j === undefined) return;
    x.push(a[i]!);
    y.push(b[j]!);
  });
  return [x, y];
}
