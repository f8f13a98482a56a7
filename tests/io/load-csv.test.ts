import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { loadEvents, loadProducts, loadTopics } from '../../src/io/load-entity.js';
import { tempDirWith } from './tmp-dir.js';

const EVENTS_HEADER = 'userId,productId,type,timestamp,weight,position,surface,sessionId';
const MALFORMED = [
  EVENTS_HEADER, // 1
  'u1,p1,view,2026-06-01T08:30:00.000Z,,,,', // 2 ok
  'u2,p1,click,2026-06-01T08:31:00.000Z,,,', // 3 seven columns
  'u3,p2,view,2026-06-01T08:32:00.000Z,abc,,,', // 4 bad number
  'u4,p2,view,2026-13-01T08:32:00.000Z,,,,', // 5 bad timestamp
  ',p1,view,2026-06-01T08:33:00.000Z,,,,', // 6 empty id
  'u5,p1,view,2026-06-01T08:34:00.000Z,,,"home, main', // 7 quoted field with a comma and a newline...
  'feed",s1', // 8 ...ends here
  '', // 9 blank line (skipped, counted)
  'u6,p2,like,2026-06-01T08:35:00.000Z,2,3,,', // 10 ok
  'u7,p2,view,not-a-time,,,,', // 11 bad timestamp
].join('\n');

async function malformedFile(): Promise<string> {
  const dir = await tempDirWith({ 'events.csv': `${MALFORMED}\n` });
  return join(dir, 'events.csv');
}

describe('CSV loading of events', () => {
  it('collect mode loads the good rows and returns every bad row with its physical line and reason', async () => {
    const path = await malformedFile();
    const r = await loadEvents(path, { mode: 'collect' });
    expect(r.records.map((e) => e.userId)).toEqual(['u1', 'u5', 'u6']);
    expect(r.records[1]!.surface).toBe('home, main\nfeed');
    expect(r.records[1]!.sessionId).toBe('s1');
    expect(r.records[0]!.timestamp).toBe(Date.UTC(2026, 5, 1, 8, 30));
    // Empty optional cells are absent, not ''.
    expect(r.records[0]!.weight).toBeUndefined();
    expect('surface' in r.records[0]!).toBe(false);
    expect(r.records[2]!.weight).toBe(2);
    expect(r.records[2]!.position).toBe(3);
    const summary = r.rejected.map((x) => ({
      line: x.line,
      index: x.index,
      issues: x.issues.map((i) => [i.field, i.value, i.reason]),
    }));
    expect(summary).toEqual([
      { line: 3, index: 1, issues: [['', undefined, 'expected 8 columns, got 7']] },
      { line: 4, index: 2, issues: [['weight', 'abc', 'expected a finite number']] },
      { line: 5, index: 3, issues: [['timestamp', '2026-13-01T08:32:00.000Z', 'month 13 out of range']] },
      { line: 6, index: 4, issues: [['userId', '', 'expected a non-empty string id']] },
      {
        line: 11,
        index: 7,
        issues: [
          [
            'timestamp',
            'not-a-time',
            'expected an ISO 8601 date-time (e.g. 2024-07-26T20:24:00Z) or epoch seconds/milliseconds',
          ],
        ],
      },
    ]);
    expect(r.rejected.every((x) => x.issues.every((i) => i.source === path))).toBe(true);
    expect(r.count).toEqual({ entity: 'events', source: path, rows: 8, loaded: 3, rejected: 5, duplicates: 0 });
  });

  it('fail mode throws a ValidationError at the first bad row naming file, line, field and reason', async () => {
    const path = await malformedFile();
    const error = await loadEvents(path, { mode: 'fail' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues).toEqual([{ source: path, line: 3, index: 1, field: '', reason: 'expected 8 columns, got 7' }]);
    expect((error as ValidationError).message).toBe(`${path}:3: record: expected 8 columns, got 7`);
  });

  it('fail mode names the line after a quoted newline correctly', async () => {
    const text = [EVENTS_HEADER, 'u5,p1,view,2026-06-01T08:34:00Z,,,"a', 'b",s1', 'u7,p2,view,2026-06-01T08:34:00Z,-1,,,'].join('\r\n');
    const dir = await tempDirWith({ 'e.csv': text });
    const error = (await loadEvents(join(dir, 'e.csv')).catch((e: unknown) => e)) as ValidationError;
    expect(error.issues[0]).toMatchObject({ line: 4, index: 1, field: 'weight', value: '-1', reason: 'expected a non-negative weight' });
  });

  it('defaults to fail mode', async () => {
    await expect(loadEvents(await malformedFile())).rejects.toThrow(ValidationError);
  });

  it('drops a UTF-8 byte-order mark before the header', async () => {
    const dir = await tempDirWith({
      'products.csv': Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('id,merchantId,title\np1,m1,Café crème\n', 'utf8'),
      ]),
    });
    const r = await loadProducts(join(dir, 'products.csv'));
    expect(r.records).toHaveLength(1);
    expect(r.records[0]!.id).toBe('p1');
    expect(r.records[0]!.title).toBe('Café crème');
  });

  it('maps caller column names to fields and ignores unmapped extra columns', async () => {
    const dir = await tempDirWith({
      'ev.csv': 'user_id,item,kind,ts,extra\nA,X,click,1722025440,zzz\n',
    });
    const headers = [
      ['user_id', 'userId'],
      ['item', 'productId'],
      ['kind', 'type'],
      ['ts', 'timestamp'],
    ] as const;
    const r = await loadEvents(join(dir, 'ev.csv'), { headers });
    expect(r.records).toEqual([{ userId: 'A', productId: 'X', type: 'click', timestamp: 1722025440000 }]);
    const viaMap = await loadEvents(join(dir, 'ev.csv'), { headers: new Map(headers) });
    expect(viaMap.records).toEqual(r.records);
  });

  it('throws when a required column is missing from the header, in any mode', async () => {
    const dir = await tempDirWith({ 'ev.csv': 'uid,productId,type,timestamp\nA,X,click,1722025440\n' });
    const error = (await loadEvents(join(dir, 'ev.csv'), { mode: 'collect' }).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0]).toMatchObject({ line: 1, field: 'userId' });
    expect(error.issues[0]!.reason).toBe(
      "missing required column \"userId\" (header: uid,productId,type,timestamp): column names match ignoring case, spaces, '_' and '-'; from code, map other names to fields with the loader's `headers` option",
    );
  });

  it('rejects a row with a field longer than the limit, naming the size', async () => {
    const long = 'x'.repeat(101);
    const dir = await tempDirWith({ 'products.csv': `id,merchantId,title,description\np1,m1,T,${long}\np2,m1,T2,short\n` });
    const r = await loadProducts(join(dir, 'products.csv'), { mode: 'collect', maxFieldBytes: 100 });
    expect(r.records.map((p) => p.id)).toEqual(['p2']);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.line).toBe(2);
    expect(r.rejected[0]!.issues[0]).toMatchObject({ field: 'description', reason: 'field longer than 100 bytes (got 101 bytes)' });
    // Multi-byte characters count in UTF-8 bytes: 34 x 'é' is 68 bytes, under 100; 51 x 'é' is 102 bytes.
    const dir2 = await tempDirWith({ 'products.csv': `id,merchantId,title\np1,m1,${'é'.repeat(34)}\np2,m1,${'é'.repeat(51)}\n` });
    const r2 = await loadProducts(join(dir2, 'products.csv'), { mode: 'collect', maxFieldBytes: 100 });
    expect(r2.records.map((p) => p.id)).toEqual(['p1']);
    expect(r2.rejected[0]!.issues[0]!.reason).toBe('field longer than 100 bytes (got 102 bytes)');
  });

  it('throws on broken quoting in any mode, naming the line where the broken row starts', async () => {
    const dir = await tempDirWith({ 'products.csv': 'id,merchantId,title\np1,m1,"a ""quoted""\nword"\np2,m1,"unterminated\np3,m1,T\n' });
    const error = (await loadProducts(join(dir, 'products.csv'), { mode: 'collect' }).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0]).toMatchObject({
      line: 4,
      field: '',
      reason: 'malformed CSV: a quoted field is never closed; the file cannot be read past it',
    });
    // Far into a file (past fast-csv's first chunk), text after a closing quote.
    const rows = ['id,merchantId,title'];
    for (let i = 0; i < 5000; i++) rows.push(`p${i},m1,Title ${i}`);
    rows.push('px,m1,"bad"x');
    for (let i = 0; i < 100; i++) rows.push(`q${i},m1,Title ${i}`);
    const dir2 = await tempDirWith({ 'products.csv': rows.join('\r\n') });
    const error2 = (await loadProducts(join(dir2, 'products.csv')).catch((e: unknown) => e)) as ValidationError;
    expect(error2.issues[0]).toMatchObject({
      line: 5002,
      reason: 'malformed CSV: unexpected "x" after a closing quote; the file cannot be read past it',
    });
  });

  it('keeps __proto__ and constructor as ordinary ids', async () => {
    const dir = await tempDirWith({
      'products.csv': 'id,merchantId,title\n__proto__,constructor,Proto bag\n',
      'events.csv': 'userId,productId,type,timestamp\n__proto__,__proto__,click,2026-06-01T00:00:00Z\n',
    });
    const p = await loadProducts(join(dir, 'products.csv'));
    expect(p.records[0]!.id).toBe('__proto__');
    expect(p.records[0]!.merchantId).toBe('constructor');
    const e = await loadEvents(join(dir, 'events.csv'));
    expect(e.records[0]!.userId).toBe('__proto__');
    expect(Object.getPrototypeOf(e.records[0])).toBe(Object.prototype);
  });
});

describe('each kind of malformed row, in both modes, after a quoted newline', () => {
  // Lines 1-4: header, a good row, a good row whose quoted surface spans lines 3-4. The bad row is line 5.
  const head = [EVENTS_HEADER, 'u1,p1,view,2026-06-01T08:30:00Z,,,,', 'u2,p1,view,2026-06-01T08:31:00Z,,,"two', 'lines",s1'];
  it.each([
    ['wrong column count', 'u3,p1,view,2026-06-01T08:32:00Z,,,', '', undefined, 'expected 8 columns, got 7'],
    ['too many columns', 'u3,p1,view,2026-06-01T08:32:00Z,,,,,', '', undefined, 'expected 8 columns, got 9'],
    ['bad number', 'u3,p1,view,2026-06-01T08:32:00Z,1.2.3,,,', 'weight', '1.2.3', 'expected a finite number'],
    ['bad position', 'u3,p1,view,2026-06-01T08:32:00Z,,first,,', 'position', 'first', 'expected a finite number'],
    ['bad timestamp', 'u3,p1,view,2026-06-31T08:32:00Z,,,,', 'timestamp', '2026-06-31T08:32:00Z', 'day 31 out of range for 2026-06'],
    ['empty timestamp', 'u3,p1,view,,,,,', 'timestamp', '', 'expected a timestamp, got an empty string'],
    ['empty id', 'u3,,view,2026-06-01T08:32:00Z,,,,', 'productId', '', 'expected a non-empty string id'],
    ['blank id', '"  ",p1,view,2026-06-01T08:32:00Z,,,,', 'userId', '  ', 'expected a non-empty string id'],
  ])('%s: fail mode throws at line 5, collect mode rejects line 5 only', async (_kind, bad, field, value, reason) => {
    const dir = await tempDirWith({ 'events.csv': [...head, bad, 'u4,p2,click,2026-06-01T08:33:00Z,,,,', ''].join('\n') });
    const path = join(dir, 'events.csv');
    const issue = { source: path, line: 5, index: 2, field, ...(value !== undefined ? { value } : {}), reason };
    const error = (await loadEvents(path, { mode: 'fail' }).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([issue]);
    const where = field === '' ? 'record' : `field "${field}" (got ${JSON.stringify(value)})`;
    expect(error.message).toBe(`${path}:5: ${where}: ${reason}`);
    const r = await loadEvents(path, { mode: 'collect' });
    expect(r.records.map((e) => e.userId)).toEqual(['u1', 'u2', 'u4']);
    expect(r.records[1]!.surface).toBe('two\nlines');
    expect(r.rejected.map((x) => [x.line, x.index, x.issues])).toEqual([[5, 2, [issue]]]);
  });

  it('broken quoting stops both modes at the line where the broken row starts', async () => {
    const dir = await tempDirWith({ 'events.csv': [...head, 'u3,p1,view,2026-06-01T08:32:00Z,,,"never closed,', 'u4,p2,click,2026-06-01T08:33:00Z,,,,', ''].join('\n') });
    const path = join(dir, 'events.csv');
    for (const mode of ['fail', 'collect'] as const) {
      const error = (await loadEvents(path, { mode }).catch((e: unknown) => e)) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues).toEqual([
        { source: path, line: 5, field: '', reason: 'malformed CSV: a quoted field is never closed; the file cannot be read past it' },
      ]);
    }
  });
});

describe('CSV loading of topics', () => {
  it('parses heat pairs and product id lists before validation', async () => {
    const dir = await tempDirWith({
      'topics.csv':
        'id,text,tags,productIds,region,heat\n' +
        't1,Olympics backpack,sport|bag,p1|p2,CN,2024-07-26T20:00:00Z=120|2024-07-27T20:00:00Z=300\n' +
        't2,Bad heat,,,,2024-07-26T20:00:00Z\n',
    });
    const r = await loadTopics(join(dir, 'topics.csv'), { mode: 'collect' });
    expect(r.records).toEqual([
      {
        id: 't1',
        text: 'Olympics backpack',
        tags: ['sport', 'bag'],
        productIds: ['p1', 'p2'],
        region: 'CN',
        heat: [
          { timestamp: Date.UTC(2024, 6, 26, 20), count: 120 },
          { timestamp: Date.UTC(2024, 6, 27, 20), count: 300 },
        ],
      },
    ]);
    expect(r.rejected[0]!.line).toBe(3);
    expect(r.rejected[0]!.issues[0]).toMatchObject({ field: 'heat.0', reason: 'expected TIMESTAMP=COUNT' });
  });
});
