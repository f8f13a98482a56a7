/**
 * The CLI on the inputs the fuzzing found (issue 15): each case failed before its fix (a stack
 * trace and exit 3, exit 0 with a 1970 slate, exit 0 while dropping rows, `events[4]`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gfp, tempDir } from './_gfp.js';

const PRODUCTS = 'id,merchantId,title,description,tags,category,price,createdAt,inStock\np1,m1,Backpack,,bag,bags,10,,true\np2,m1,Cap,,,hats,,,true\np3,m2,Mug,,,home,,,true\n';
const EVENTS_HEADER = 'userId,productId,type,timestamp,weight,position,surface,sessionId\n';
const EVENTS = [
  'u1,p1,view,2026-06-01T08:30:00.000Z,,,,',
  'u1,p2,click,2026-06-01T08:31:00.000Z,,,,',
  'u2,p3,view,2026-06-02T10:00:00.000Z,,,,',
  'u2,p1,purchase,2026-06-02T10:05:00.000Z,,,,',
  'u3,p2,view,2026-06-02T11:00:00.000Z,,,,',
];

async function marketplace(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('gfp-bad-');
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('events naming an unknown product', () => {
  // Line 7 of events.csv (the header is line 1) names p-999; it is the 6th event, events[5].
  const events = `${EVENTS_HEADER}${EVENTS.join('\n')}\nu3,p-999,view,2026-06-02T12:00:00.000Z,,,,\n`;

  it('gfp recommend exits 2 naming events.csv:7 and the flag that skips them', async () => {
    const dir = await marketplace({ 'products.csv': PRODUCTS, 'events.csv': events });
    const r = await gfp('recommend', '--data', dir, '--user', 'u1', '--n', '2');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(dir, 'events.csv')}:7: field "productId" (got "p-999"): unknown product`);
    expect(r.err).toContain('--unknown-products skip');
    expect(r.err).not.toContain('events[');
  });

  it('--unknown-products skip leaves the event out and recommends', async () => {
    const dir = await marketplace({ 'products.csv': PRODUCTS, 'events.csv': events });
    const r = await gfp('recommend', '--data', dir, '--user', 'u1', '--n', '2', '--unknown-products', 'skip', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)[0].items).toHaveLength(1); // p3: u1 has seen p1 and p2
  });

  it('gfp inspect lists it and exits 1, with or without skipping', async () => {
    const dir = await marketplace({ 'products.csv': PRODUCTS, 'events.csv': events });
    const r = await gfp('inspect', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('events: 6 rows, 5 loaded, 1 rejected');
    expect(r.out).toContain(`${join(dir, 'events.csv')}:7: field "productId" (got "p-999"): unknown product`);
    const skipped = await gfp('inspect', dir, '--unknown-products', 'skip');
    expect(skipped.code).toBe(1);
    expect(skipped.out).toContain('events: 6 rows, 5 loaded, 0 rejected, 1 skipped (unknown products)');
    const help = await gfp('inspect', '--help');
    expect(help.out).toContain('1  the dataset loads, but rows were left out');
  });
});

describe('duplicate ids (finding 2)', () => {
  const products = `${PRODUCTS}p1,m2,Backpack again,,,,,,true\n`;
  const merchants = 'id,name,tier,joinedAt\nm1,One,,\nm2,Two,,\nm2,Two again,,\n';

  it('gfp inspect counts and lists them and exits 1', async () => {
    const dir = await marketplace({ 'products.csv': products, 'merchants.csv': merchants, 'events.csv': `${EVENTS_HEADER}${EVENTS.join('\n')}\n` });
    const r = await gfp('inspect', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('products: 4 rows, 3 loaded, 1 rejected, 1 duplicate ids');
    expect(r.out).toContain('merchants: 3 rows, 2 loaded, 1 rejected, 1 duplicate ids');
    expect(r.out).toContain(`${join(dir, 'products.csv')}:5: field "id" (got "p1"): duplicate product id (the first is at line 2; ids must be unique)`);
    const json = JSON.parse((await gfp('inspect', dir, '--json')).out);
    expect(json.files.map((f: { duplicates: number }) => f.duplicates)).toEqual([1, 1, 0]);
    expect(json.counts.products).toBe(3);
  });

  it('gfp recommend refuses them (exit 2, naming the line)', async () => {
    const dir = await marketplace({ 'products.csv': products, 'events.csv': `${EVENTS_HEADER}${EVENTS.join('\n')}\n` });
    const r = await gfp('recommend', '--data', dir, '--user', 'u1');
    expect(r.code).toBe(2);
    expect(r.err).toContain('products.csv:5: field "id" (got "p1"): duplicate product id');
  });
});

describe('an empty events.csv (finding 5)', () => {
  it('recommend and inspect exit 2 with a clear message instead of a 1970 slate', async () => {
    for (const events of [EVENTS_HEADER, '']) {
      const dir = await marketplace({ 'products.csv': PRODUCTS, 'events.csv': events });
      const r = await gfp('recommend', '--data', dir, '--user', 'u1');
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(`gfp: ${join(dir, 'events.csv')}: no events (the file has no data rows); at least one event is needed to fit a recommender\n`);
      expect((await gfp('inspect', dir)).code).toBe(2);
    }
  });

  it('recommend in collect mode with every event rejected exits 2 too', async () => {
    const dir = await marketplace({ 'products.csv': PRODUCTS, 'events.csv': `${EVENTS_HEADER}u1,p1,view,yesterday,,,,\n` });
    const r = await gfp('recommend', '--data', dir, '--user', 'u1', '--mode', 'collect');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`gfp: ${dir}: no event was loaded (1 event rows read, all rejected or skipped): nothing to fit`);
  });
});

describe('JSON nested 5,000 deep (finding 1)', () => {
  const deep = `${'['.repeat(5000)}"x"${']'.repeat(5000)}`;
  const line = (surface: string): string => `{"userId":"u1","productId":"p1","type":"view","timestamp":"2026-06-01T08:30:00Z","surface":${surface}}`;

  it('gfp inspect reports the row (exit 1) and gfp recommend exits 2 with a clear error, not 3', async () => {
    const dir = await marketplace({ 'products.csv': PRODUCTS, 'events.ndjson': `${line('"home"')}\n${line(deep)}\n` });
    const inspect = await gfp('inspect', dir);
    expect(inspect.code).toBe(1);
    expect(inspect.out).toContain(`${join(dir, 'events.ndjson')}:2: field "surface" (got [[[[...]]]]): expected a string`);
    const recommend = await gfp('recommend', '--data', dir, '--user', 'u1');
    expect(recommend.code).toBe(2);
    expect(recommend.err).toBe(`gfp: invalid input: ${join(dir, 'events.ndjson')}:2: field "surface" (got [[[[...]]]]): expected a string\n`);
  });

  it('a deep JSON array file too', async () => {
    const dir = await marketplace({ 'products.csv': PRODUCTS, 'events.json': `[${line(deep)}]` });
    const r = await gfp('recommend', '--data', dir, '--user', 'u1');
    expect(r.code).toBe(2);
    expect(r.err).toContain('events.json[0]: field "surface" (got [[[[...]]]]): expected a string');
    expect(await readFile(join(dir, 'events.json'), 'utf8')).toHaveLength(10_003 + line('').length + 2);
  });
});
