import { crc32 } from '../../_internal/crc32.js';
import type { Event, Product, Tier } from '../../schema/entities.js';
import type { MetricContext } from '../metrics/types.js';
import type { MerchantTierCounts } from '../report/types.js';

const encoder = new TextEncoder();

/** CRC-32 over records rendered as lines, in chunks (no one giant string). */
function crcOfLines<T>(records: readonly T[], line: (r: T) => string, seed: number): number {
  let crc = seed;
  let chunk = '';
  for (let i = 0; i < records.length; i++) {
    chunk += line(records[i]!);
    if (chunk.length > 65_536) {
      crc = crc32(encoder.encode(chunk), crc);
      chunk = '';
    }
  }
  return chunk === '' ? crc : crc32(encoder.encode(chunk), crc);
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');

/** Two 32-bit FNV-1a hashes of a string's UTF-16 code units, with different offset bases. */
function lineHashes(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x3b9aca07;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return [a >>> 0, b >>> 0];
}

/**
 * A multiset hash of records rendered as lines: the sums mod 2^32 of each line's two hashes, as
 * 16 hex digits. The order of the records does not matter; how often each occurs does.
 */
function multisetHash<T>(records: readonly T[], line: (r: T) => string): string {
  let a = 0;
  let b = 0;
  for (let i = 0; i < records.length; i++) {
    const [x, y] = lineHashes(line(records[i]!));
    a = (a + x) >>> 0;
    b = (b + y) >>> 0;
  }
  return hex(a) + hex(b);
}

/**
 * Internal: content fingerprint of what an evaluation saw: `set64:<catalogue>:<train>:<test>`,
 * each a multiset hash of the records (products: id, merchant, stock; events: user, product,
 * type, time, weight) whatever their order: the same data exported in another row order (the
 * splits do not depend on it) has the same fingerprint. Reports of earlier versions carry
 * `crc32:` fingerprints of the records in input order.
 */
export function _fingerprint(products: readonly Product[], train: readonly Event[], test: readonly Event[]): string {
  const product = (p: Product): string => `${p.id}\t${p.merchantId}\t${p.inStock ? 1 : 0}\n`;
  const event = (e: Event): string => `${e.userId}\t${e.productId}\t${e.type}\t${e.timestamp}\t${e.weight ?? ''}\n`;
  return `set64:${multisetHash(products, product)}:${multisetHash(train, event)}:${multisetHash(test, event)}`;
}

/**
 * Internal: fingerprint of the metric context the data fingerprint does not cover,
 * `crc32:<hex>` over each merchant's tier (merchants in id order), the short-head share and
 * whether a caller's exposure model replaced the default; with the merchants per tier. Same
 * tiers and settings, same fingerprint, whatever the order of the merchant records.
 */
export function _contextFingerprint(context: MetricContext): { fingerprint: string; tiers: MerchantTierCounts } {
  const tiers = { head: 0, mid: 0, small: 0 };
  const merchants = [...(context.merchantTier ?? new Map<string, Tier>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, tier] of merchants) tiers[tier]++;
  const lines: string[] = merchants.map(([m, tier]) => `tier\t${m}\t${tier}\n`);
  lines.push(`headShare\t${context.headShare ?? 'default'}\n`, `exposure\t${context.exposure === undefined ? 'default' : 'custom'}\n`);
  return { fingerprint: `crc32:${hex(crcOfLines(lines, (l) => l, 0))}`, tiers };
}
