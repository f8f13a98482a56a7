import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gfp, tempDir } from './_gfp.js';

describe('gfp inspect and recommend: column names', () => {
  it('loads columns spelled in another case and names the columns it ignored', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'products.csv'), 'ID,Merchant_Id,Title,In Stock\np1,m1,Tent,false\np2,m1,Stove,true\n');
    await writeFile(join(dir, 'events.csv'), 'user_id,product_id,type,timestamp,Weight,comment\nu1,p1,click,2026-06-01T08:30:00Z,4,great\nu2,p2,view,2026-06-01T09:30:00Z,,\n');
    const io = await gfp('inspect', dir);
    expect(io.code).toBe(0);
    expect(io.out).toMatch(/events\.csv +events: 2 rows, 2 loaded, 0 rejected; ignored columns \(no such field\): comment\n/);
    expect(io.out).toMatch(/products\.csv +products: 2 rows, 2 loaded, 0 rejected\n/);
    const json = JSON.parse((await gfp('inspect', dir, '--json')).out) as { files: Array<{ entity: string; ignoredColumns?: string[] }> };
    expect(json.files.find((f) => f.entity === 'events')!.ignoredColumns).toEqual(['comment']);
    // Commands that fit on the folder warn about them on stderr.
    const rec = await gfp('recommend', '--data', dir, '--user', 'u1', '--n', '1');
    expect(rec.code).toBe(0);
    expect(rec.err).toContain(`warning: ${join(dir, 'events.csv')}: ignored columns (no such field): comment\n`);
  });
});
