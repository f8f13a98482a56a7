import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FormatError, ValidationError } from '../../src/errors.js';
import { loadEvents, loadProducts } from '../../src/io/load-entity.js';
import { tempDirWith } from './tmp-dir.js';

const NDJSON = [
  '{"userId":"u1","productId":"p1","type":"view","timestamp":"2026-06-01T08:30:00.000Z"}', // 1
  '', // 2 blank
  '{"userId":"u2","productId":"p1","type":"click",', // 3 not JSON
  '[1,2]', // 4 not an object
  '{"userId":"u3","productId":"p2","type":"cart","timestamp":1780302600}', // 5 epoch seconds
  '{"userId":"u4","productId":"p2","type":"Cart!","timestamp":1780302600}', // 6 bad type
].join('\n');

describe('NDJSON loading', () => {
  it('rejects a line that is not JSON with its line number and keeps going in collect mode', async () => {
    const dir = await tempDirWith({ 'events.ndjson': NDJSON });
    const r = await loadEvents(join(dir, 'events.ndjson'), { mode: 'collect' });
    expect(r.records.map((e) => [e.userId, e.timestamp])).toEqual([
      ['u1', Date.UTC(2026, 5, 1, 8, 30)],
      ['u3', 1780302600000],
    ]);
    expect(r.rejected.map((x) => [x.line, x.index, x.issues[0]!.field])).toEqual([
      [3, 1, ''],
      [4, 2, ''],
      [6, 4, 'type'],
    ]);
    expect(r.rejected[0]!.issues[0]!.reason).toMatch(/^invalid JSON \(/);
    expect(r.rejected[1]!.issues[0]!.reason).toBe('expected a JSON object');
    expect(r.count).toMatchObject({ rows: 5, loaded: 2, rejected: 3 });
  });

  it('throws at the bad line in fail mode', async () => {
    const dir = await tempDirWith({ 'events.ndjson': NDJSON });
    const error = (await loadEvents(join(dir, 'events.ndjson')).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0]).toMatchObject({ line: 3, index: 1, field: '' });
  });

  it('reads gzipped NDJSON and maps keys through the header mapping', async () => {
    const dir = await tempDirWith({
      'events.ndjson.gz': gzipSync('{"user":"__proto__","item":"p1","type":"view","timestamp":0}\n'),
    });
    const r = await loadEvents(join(dir, 'events.ndjson.gz'), { headers: [['user', 'userId'], ['item', 'productId']] });
    expect(r.records).toEqual([{ userId: '__proto__', productId: 'p1', type: 'view', timestamp: 0, weight: undefined, position: undefined }]);
  });
});

describe('JSON array loading', () => {
  it('validates each element and names its index', async () => {
    const dir = await tempDirWith({
      'products.json': JSON.stringify([
        { id: 'p1', merchantId: 'm1', title: 'Backpack', tags: ['bag', 'sport'], price: 19.5 },
        { id: 'p2', merchantId: 'm1', title: '  ', price: -1 },
      ]),
    });
    const r = await loadProducts(join(dir, 'products.json'), { mode: 'collect' });
    expect(r.records.map((p) => [p.id, p.price, p.tags])).toEqual([['p1', 19.5, ['bag', 'sport']]]);
    expect(r.rejected[0]!.index).toBe(1);
    expect(r.rejected[0]!.line).toBeUndefined();
    expect(r.rejected[0]!.issues.map((i) => [i.field, i.reason])).toEqual([
      ['title', 'expected a non-empty title'],
      ['price', 'expected a non-negative price'],
    ]);
  });

  it('throws a FormatError for a file that is not a JSON array', async () => {
    const dir = await tempDirWith({ 'a.json': '{"id":1}', 'b.json': '[{"id":' });
    await expect(loadProducts(join(dir, 'a.json'))).rejects.toThrow(FormatError);
    await expect(loadProducts(join(dir, 'b.json'))).rejects.toThrow(FormatError);
  });
});

describe('gzip errors', () => {
  it('throws a FormatError for a .gz file that is not gzip', async () => {
    const dir = await tempDirWith({ 'events.ndjson.gz': 'plain text' });
    await expect(loadEvents(join(dir, 'events.ndjson.gz'), { mode: 'collect' })).rejects.toThrow(FormatError);
  });
});
