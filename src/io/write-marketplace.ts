import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Event, Merchant, Product, Topic } from '../schema/entities.js';
import type { GeneratedMarketplace } from '../simulation/marketplace/generate.js';
import { truthToJSON } from '../simulation/marketplace/truth.js';

/** Paths and record counts of a written marketplace directory. */
export interface WrittenMarketplace {
  readonly dir: string;
  readonly files: { readonly products: string; readonly merchants: string; readonly events: string; readonly topics: string; readonly truth: string };
  readonly counts: { readonly products: number; readonly merchants: number; readonly events: number; readonly topics: number };
}

/** Header rows of the marketplace CSV files (see the marketplace directory format). */
export const MARKETPLACE_HEADERS = {
  products: ['id', 'merchantId', 'title', 'description', 'tags', 'category', 'price', 'createdAt', 'inStock'],
  merchants: ['id', 'name', 'tier', 'joinedAt'],
  events: ['userId', 'productId', 'type', 'timestamp', 'weight', 'position', 'surface', 'sessionId'],
  topics: ['id', 'text', 'tags', 'productIds', 'region', 'heat'],
} as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR, LF or leading/trailing space,
 * with quotes doubled.
 *
 * @example csvCell('a, "b"') // '"a, ""b"""'
 */
export function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A number as written: its shortest round-trip decimal form; absent (or not finite) -> empty cell. */
function num(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '' : String(value);
}

/** An epoch-ms timestamp as ISO 8601 UTC with milliseconds; absent -> empty cell. */
function iso(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString();
}

function csv(header: readonly string[], rows: Iterable<readonly string[]>): string {
  const lines = [header.join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

/** products.csv text. Prices are written as they are held (the generator rounds them to cents). */
export function productsCsv(products: readonly Product[]): string {
  return csv(
    MARKETPLACE_HEADERS.products,
    products.map((p) => [
      p.id,
      p.merchantId,
      p.title,
      p.description,
      p.tags.join('|'),
      p.category,
      num(p.price),
      iso(p.createdAt),
      p.inStock ? 'true' : 'false',
    ]),
  );
}

/** merchants.csv text. */
export function merchantsCsv(merchants: readonly Merchant[]): string {
  return csv(
    MARKETPLACE_HEADERS.merchants,
    merchants.map((m) => [m.id, m.name, m.tier ?? '', iso(m.joinedAt)]),
  );
}

/** events.csv text. */
export function eventsCsv(events: readonly Event[]): string {
  return csv(
    MARKETPLACE_HEADERS.events,
    events.map((e) => [
      e.userId,
      e.productId,
      e.type,
      iso(e.timestamp),
      num(e.weight),
      num(e.position),
      e.surface ?? '',
      e.sessionId ?? '',
    ]),
  );
}

/** topics.csv text; heat as `TIMESTAMP=COUNT|...`. */
export function topicsCsv(topics: readonly Topic[]): string {
  return csv(
    MARKETPLACE_HEADERS.topics,
    topics.map((t) => [
      t.id,
      t.text,
      t.tags.join('|'),
      t.productIds.join('|'),
      t.region ?? '',
      t.heat.map((h) => `${iso(h.timestamp)}=${num(h.count)}`).join('|'),
    ]),
  );
}

/**
 * Writes a generated marketplace to `dir` (created if missing): products.csv, merchants.csv,
 * events.csv, topics.csv (UTF-8, header row, `\n` line ends) and truth.json. The same marketplace
 * always gives byte-identical files. Node-only.
 *
 * @example await writeMarketplace('out/market', generateMarketplace({ seed: 1 }))
 */
export async function writeMarketplace(dir: string, generated: GeneratedMarketplace): Promise<WrittenMarketplace> {
  await mkdir(dir, { recursive: true });
  const files = {
    products: join(dir, 'products.csv'),
    merchants: join(dir, 'merchants.csv'),
    events: join(dir, 'events.csv'),
    topics: join(dir, 'topics.csv'),
    truth: join(dir, 'truth.json'),
  };
  await writeFile(files.products, productsCsv(generated.products), 'utf8');
  await writeFile(files.merchants, merchantsCsv(generated.merchants), 'utf8');
  await writeFile(files.events, eventsCsv(generated.events), 'utf8');
  await writeFile(files.topics, topicsCsv(generated.topics), 'utf8');
  await writeFile(files.truth, `${JSON.stringify(truthToJSON(generated.truth))}\n`, 'utf8');
  return {
    dir,
    files,
    counts: {
      products: generated.products.length,
      merchants: generated.merchants.length,
      events: generated.events.length,
      topics: generated.topics.length,
    },
  };
}
