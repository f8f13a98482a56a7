import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvCell, writeMarketplace } from '../../src/io/write-marketplace.js';
import { EventSchema, MerchantSchema, ProductSchema, TopicSchema } from '../../src/schema/index.js';
import { generateMarketplace, truthFromJSON } from '../../src/simulation/marketplace/index.js';

const FIXTURE_DIR = join(import.meta.dirname, '../../fixtures/marketplace');
const FILES = ['products.csv', 'merchants.csv', 'events.csv', 'topics.csv', 'truth.json'] as const;
const temps: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gfp-market-'));
  temps.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

/** Test-only RFC 4180 parser: rows of cells, quoted cells may hold commas, quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Rows as objects keyed by the header; empty cells kept as ''. */
function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => {
    const o: Record<string, string> = {};
    header!.forEach((h, i) => (o[h] = r[i]!));
    return o;
  });
}

describe('csvCell', () => {
  it('quotes only when needed and doubles quotes', () => {
    expect(csvCell('plain text 中文')).toBe('plain text 中文');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(parseCsv(`x,${csvCell('a, "b"')},${csvCell('two\nlines')}\n`)).toEqual([['x', 'a, "b"', 'two\nlines']]);
  });
});

describe('writeMarketplace', () => {
  const options = { seed: 11, users: 50, products: 90, merchants: 12, days: 12 };
  const generated = generateMarketplace(options);

  it('writes byte-identical files for the same seed', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    const wa = await writeMarketplace(join(a, 'nested/market'), generateMarketplace(options));
    await writeMarketplace(b, generateMarketplace(options));
    expect(wa.counts).toEqual({ products: 90, merchants: 12, events: generated.events.length, topics: 4 });
    expect((await readdir(join(a, 'nested/market'))).sort()).toEqual([...FILES].sort());
    for (const f of FILES) {
      expect((await readFile(join(a, 'nested/market', f))).equals(await readFile(join(b, f))), f).toBe(true);
    }
  });

  it('writes rows that parse back through the schemas into the generated records', async () => {
    const dir = await tempDir();
    await writeMarketplace(dir, generated);
    const read = (f: string): Promise<string> => readFile(join(dir, f), 'utf8');

    const productsText = await read('products.csv');
    expect(productsText.split('\n')[0]).toBe('id,merchantId,title,description,tags,category,price,createdAt,inStock');
    const products = csvObjects(productsText).map((r) => ProductSchema.parse(r));
    expect(products).toEqual(generated.products);

    const merchantsText = await read('merchants.csv');
    expect(merchantsText.split('\n')[0]).toBe('id,name,tier,joinedAt');
    expect(csvObjects(merchantsText).map((r) => MerchantSchema.parse(r))).toEqual(generated.merchants);

    const eventsText = await read('events.csv');
    const [eventHeader, firstEvent] = eventsText.split('\n');
    expect(eventHeader).toBe('userId,productId,type,timestamp,weight,position,surface,sessionId');
    expect(firstEvent).toMatch(/^u-\d{4},p-[\w-]+,impression,2026-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z,,[1-6],(feed|trending),u-\d{4}-s\d+$/);
    expect(csvObjects(eventsText).map((r) => EventSchema.parse(r))).toEqual(generated.events);

    const topicsText = await read('topics.csv');
    expect(topicsText.split('\n')[0]).toBe('id,text,tags,productIds,region,heat');
    const topics = csvObjects(topicsText).map((r) =>
      TopicSchema.parse({
        ...r,
        productIds: r['productIds']!.split('|').filter((s) => s !== ''),
        heat: r['heat']!.split('|').map((pair) => {
          const [timestamp, count] = pair.split('=');
          return { timestamp, count };
        }),
      }),
    );
    expect(topics).toEqual(generated.topics);
    expect(topicsText).toContain('olympics-backpack,巴黎重现2008北京奥运会背包 Paris reappears the 2008 Beijing Olympics backpack,');

    expect(truthFromJSON(JSON.parse(await read('truth.json')))).toEqual(generated.truth);
  });
});

describe('fixtures/marketplace', () => {
  it('equals a fresh generation with the options stored in its truth.json (never edit it by hand)', async () => {
    const truth = truthFromJSON(JSON.parse(await readFile(join(FIXTURE_DIR, 'truth.json'), 'utf8')));
    expect(truth.options).toMatchObject({ users: 300, products: 400, merchants: 40, days: 30 });
    const dir = await tempDir();
    await writeMarketplace(dir, generateMarketplace(truth.options));
    for (const f of FILES) {
      const same = (await readFile(join(FIXTURE_DIR, f))).equals(await readFile(join(dir, f)));
      expect(same, `${f} differs from a fresh generation: rerun npm run make-fixtures`).toBe(true);
    }
  });

  it('is small: 3000-8000 events, well under 1 MB in total', async () => {
    const events = (await readFile(join(FIXTURE_DIR, 'events.csv'), 'utf8')).trimEnd().split('\n').length - 1;
    expect(events).toBeGreaterThan(3000);
    expect(events).toBeLessThan(8000);
    let bytes = 0;
    for (const f of FILES) bytes += (await stat(join(FIXTURE_DIR, f))).size;
    expect(bytes).toBeLessThan(700_000);
  });
});
