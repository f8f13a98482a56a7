/**
 * What makes merging idempotent: content fingerprints of ledger snapshots (merging the same
 * snapshot twice is a no-op) and the increment of a live ledger since its last merge.
 */
import { crc32 } from '../_internal/crc32.js';
import type { LedgerDeltas } from './ledger-deltas.js';
import type { LedgerSnapshot } from './ledger-snapshot.js';

/** FNV-1a (32-bit) of bytes. */
function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * 64-bit fingerprint (16 hex digits, CRC-32 then FNV-1a) of a snapshot's content: time,
 * half-life, kind and every entry's id and exact values, in order. Equal content, equal
 * fingerprint (also after a JSON round trip); O(entries).
 *
 * @example
 * snapshotFingerprint(ledger.snapshot()) === snapshotFingerprint(JSON.parse(JSON.stringify(ledger.snapshot()))) // true
 */
export function snapshotFingerprint(snapshot: LedgerSnapshot): string {
  const parts: string[] = [`v${snapshot.version}|${snapshot.at}|${snapshot.halfLifeMs}|${snapshot.partial ? 'p' : 'f'}`];
  for (const e of snapshot.entries) parts.push(`${e.merchantId.length}:${e.merchantId}|${e.exposure}|${e.merit}`);
  const bytes = new TextEncoder().encode(parts.join('\n'));
  return crc32(bytes).toString(16).padStart(8, '0') + fnv1a(bytes).toString(16).padStart(8, '0');
}

/** A bounded set of the fingerprints most recently added (oldest forgotten first). */
export class FingerprintSet {
  readonly #seen = new Set<string>();
  readonly #capacity: number;

  /** @param capacity how many fingerprints to remember. @default 1024 */
  constructor(capacity = 1024) {
    this.#capacity = capacity;
  }

  /** True when `fingerprint` is remembered. */
  has(fingerprint: string): boolean {
    return this.#seen.has(fingerprint);
  }

  /** Remembers `fingerprint`, forgetting the oldest beyond the capacity. */
  add(fingerprint: string): void {
    this.#seen.add(fingerprint);
    if (this.#seen.size > this.#capacity) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }

  /** Forgets everything. */
  clear(): void {
    this.#seen.clear();
  }
}

/**
 * Per merchant, what `snap` holds beyond `prev` (an earlier snapshot of the same ledger, decayed
 * to `snap.at` with `halfLifeMs`), never negative; everything in `snap` when `prev` is undefined.
 * Merchants gaining nothing (beyond rounding) are left out.
 */
export function snapshotIncrement(snap: LedgerSnapshot, prev: LedgerSnapshot | undefined, halfLifeMs: number): LedgerDeltas {
  const before = prev === undefined ? undefined : new Map(prev.entries.map((e) => [e.merchantId, e] as const));
  const dt = prev === undefined ? 0 : Math.max(0, snap.at - prev.at);
  const f = dt === 0 ? 1 : 2 ** (-dt / halfLifeMs);
  const merchants: string[] = [];
  const exposure: number[] = [];
  const merit: number[] = [];
  for (const e of snap.entries) {
    const p = before?.get(e.merchantId);
    const dE = p === undefined ? e.exposure : gain(e.exposure, p.exposure * f);
    const dM = p === undefined ? e.merit : gain(e.merit, p.merit * f);
    if (dE === 0 && dM === 0) continue;
    merchants.push(e.merchantId);
    exposure.push(dE);
    merit.push(dM);
  }
  return { merchants, exposure: Float64Array.from(exposure), merit: Float64Array.from(merit) };
}

/** What `now` holds beyond `before` (both >= 0): 0 unless more by more than rounding. */
function gain(now: number, before: number): number {
  const d = now - before;
  return d > 1e-12 * now ? d : 0;
}
