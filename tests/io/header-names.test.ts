/**
 * Column names as data teams write them: `UserId`, `user_id`, `USER ID` and `Weight` feed their
 * fields (an optional column in another case was silently dropped before); columns that feed no
 * field are listed in the count; a semicolon- or tab-separated file is named as such; JSON keys
 * match the same way.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { columnKey, fieldForColumn } from '../../src/io/header-mapping.js';
import { loadEvents, loadProducts } from '../../src/io/load-entity.js';
import { tempDirWith } from './tmp-dir.js';

const FIELDS = new Set(['userId', 'productId', 'type', 'timestamp', 'weight', 'inStock']);

describe('column names', () => {
  it('match a field in any case and with or without spaces, "_" and "-"; a caller mapping wins; unknown names feed nothing', () => {
    expect(columnKey(' In_Stock ')).toBe('instock');
    const none = new Map<string, string>();
    expect(['UserId', 'user_id', ' USER ID ', 'user-id', 'userId'].map((c) => fieldForColumn(c, none, FIELDS))).toEqual(['userId', 'userId', 'userId', 'userId', 'userId']);
    expect(fieldForColumn('in_stock', none, FIELDS)).toBe('inStock');
    expect(fieldForColumn('Wieght', none, FIELDS)).toBeUndefined();
    expect(fieldForColumn('uid', new Map([['uid', 'userId']]), FIELDS)).toBe('userId');
    // A mapping to a name that is no field is not rescued by the spelling rule.
    expect(fieldForColumn('weight', new Map([['weight', 'nothing']]), FIELDS)).toBeUndefined();
  });

  it('a CSV header in other spellings loads every value (the weights of a "Weight" column included) and lists the columns it ignored', async () => {
    const dir = await tempDirWith({ 'events.csv': 'User_Id,PRODUCT ID,Type,time-stamp,Weight,notes\nu1,p1,click,2026-06-01T08:30:00Z,5,first\nu2,p1,view,2026-06-01T08:31:00Z,2.5,\n' });
    const r = await loadEvents(join(dir, 'events.csv'));
    expect(r.records.map((e) => [e.userId, e.productId, e.type, e.weight])).toEqual([
      ['u1', 'p1', 'click', 5],
      ['u2', 'p1', 'view', 2.5],
    ]);
    expect(r.count.ignoredColumns).toEqual(['notes']);
    const plain = await tempDirWith({ 'events.csv': 'userId,productId,type,timestamp\nu1,p1,click,2026-06-01T08:30:00Z\n' });
    expect((await loadEvents(join(plain, 'events.csv'))).count.ignoredColumns).toBeUndefined();
  });

  it('two columns that spell one field are refused, naming both', async () => {
    const dir = await tempDirWith({ 'events.csv': 'userId,user_id,productId,type,timestamp\nu1,u1,p1,click,2026-06-01T08:30:00Z\n' });
    const error = (await loadEvents(join(dir, 'events.csv')).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0]).toMatchObject({ line: 1, field: 'userId', reason: 'columns "userId" and "user_id" both map to field "userId"' });
  });

  for (const [name, sep] of [
    ['semicolon', ';'],
    ['tab', '\t'],
  ] as const) {
    it(`a ${name}-separated file is named as such, not only as a missing column`, async () => {
      const dir = await tempDirWith({ 'products.csv': ['id', 'merchantId', 'title'].join(sep) + '\n' + ['p1', 'm1', 'Tent'].join(sep) + '\n' });
      const error = (await loadProducts(join(dir, 'products.csv'), { mode: 'collect' }).catch((e: unknown) => e)) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues[0]!.reason).toContain(`the header is one column holding ${name}s; the file looks ${name}-separated, and this loader reads comma-separated files`);
      // With the delimiter given, the same file loads.
      expect((await loadProducts(join(dir, 'products.csv'), { delimiter: sep })).records.map((p) => p.title)).toEqual(['Tent']);
    });
  }

  it('JSON keys match the same way', async () => {
    const dir = await tempDirWith({ 'events.ndjson': '{"UserId":"u1","product_id":"p1","TYPE":"click","timestamp":0,"Weight":3}\n' });
    const r = await loadEvents(join(dir, 'events.ndjson'));
    expect(r.records.map((e) => [e.userId, e.productId, e.type, e.weight])).toEqual([['u1', 'p1', 'click', 3]]);
  });
});
