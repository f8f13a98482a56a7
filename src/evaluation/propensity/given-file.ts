import { ValidationError, type ValidationIssue } from '../../errors.js';
import type { GivenPropensities } from './given-model.js';

const SEP = '\u0000';

/**
 * Parses a propensity file: CSV with a header line `productId,propensity` (per product) or
 * `userId,productId,propensity` (per user and product), one propensity in (0, 1] per line.
 *
 * @throws ValidationError naming the file, line, field and value of the first bad line (an
 *   unknown header, a missing id, a propensity that is not a number in (0, 1], a repeated key).
 * @example parseGivenPropensities('productId,propensity\np1,0.5\n', 'p.csv').items?.get('p1') // 0.5
 */
export function parseGivenPropensities(text: string, source: string): GivenPropensities {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const fail = (issue: Omit<ValidationIssue, 'source'>): never => {
    throw new ValidationError([{ source, ...issue }]);
  };
  const header = (lines[0] ?? '').split(',').map((c) => c.trim());
  const perPair = header.join(',') === 'userId,productId,propensity';
  if (!perPair && header.join(',') !== 'productId,propensity') {
    fail({ line: 1, field: '', value: lines[0], reason: 'expected the header productId,propensity or userId,productId,propensity' });
  }
  const values = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const cells = lines[i]!.split(',').map((c) => c.trim());
    const line = i + 1;
    if (cells.length !== header.length) fail({ line, field: '', value: lines[i], reason: `expected ${header.length} comma-separated fields` });
    const ids = cells.slice(0, -1);
    ids.forEach((id, c) => {
      if (id === '') fail({ line, field: header[c]!, reason: 'expected a non-empty id' });
    });
    const raw = cells[cells.length - 1]!;
    const p = Number(raw);
    if (raw === '' || !(p > 0 && p <= 1)) {
      fail({ line, field: 'propensity', value: raw, reason: 'expected a probability in (0, 1] (0 would mean the interaction could never be observed)' });
    }
    const key = ids.join(SEP);
    if (values.has(key)) fail({ line, field: 'productId', value: ids.join(','), reason: 'repeated: one propensity per key' });
    values.set(key, p);
  }
  if (!perPair) return { items: values, source };
  return { pairs: (userId, productId) => values.get(`${userId}${SEP}${productId}`), source };
}
