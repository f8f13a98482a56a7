import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MARKETPLACE_OPTIONS } from '../../src/simulation/marketplace/options.js';
import { parseMarketplaceOptions } from '../../src/simulation/marketplace/options.js';
import { FIXTURES, gfp, gfpIn, tempDir } from './_gfp.js';

/** The story rows: user, rank before the burst (null: not a candidate), rank at the peak. */
function storyRows(out: string): Array<{ user: string; before: number | null; peak: number }> {
  const rows: Array<{ user: string; before: number | null; peak: number }> = [];
  for (const m of out.matchAll(/^ {4}(u-\d{4}) +\d+ of \d+ products match +(?:#(\d+) of \d+|not among \d+ candidates) +#(\d+) of \d+/gm)) {
    rows.push({ user: m[1]!, before: m[2] === undefined ? null : Number(m[2]), peak: Number(m[3]) });
  }
  return rows;
}

describe('gfp demo', () => {
  it('shows slates, then the hottest burst: the backpack climbs from far down to the top at the peak', async () => {
    const r = await gfp('demo');
    expect(r.code).toBe(0);
    expect(r.out).toContain('loaded fixtures/marketplace: 300 users, 400 products, 40 merchants, 5995 events');
    expect(r.out).toMatch(/^user u-0001 \(2 products in history\)/m);
    // Users with history (u-0002 has none and is skipped), then a brand-new user.
    expect([...r.out.matchAll(/^user (\S+) /gm)].map((m) => m[1])).toEqual(['u-0001', 'u-0003', 'u-0004', 'brand-new-user']);
    expect(r.out).toMatch(/^user brand-new-user \(cold start: no history\)/m);
    // The topic is picked from the data: the Olympics topic's heat peaks highest (5408 vs 3429 for the phone launch).
    expect(r.out).toContain('story: the hottest topic in the data, olympics-backpack: "巴黎重现2008北京奥运会背包');
    expect(r.out).toContain('  its mentions peak at 5408 on 2026-06-22 04:00 UTC (rising since 2026-06-21 11:00 UTC)');
    expect(r.out).toContain('  its product: p-olympic-backpack "2008北京奥运会纪念双肩背包 Beijing 2008 Olympics …" (m-031, small merchant)');
    expect(r.out).toContain('fitted as of 2026-06-20 11:00 UTC (a day before the burst) and as of the peak');
    const rows = storyRows(r.out);
    expect(rows.map((x) => x.user)).toEqual(['u-0246', 'u-0259']);
    // Measured: #86 -> #1 and #104 -> #1 (history counts positive-weight events only, as the recommender does).
    for (const row of rows) {
      expect(row.peak).toBeLessThanOrEqual(3);
      expect(row.before === null || row.before > 20).toBe(true);
    }
    expect(r.out).toMatch(/^ {2}why p-olympic-backpack is #1 for u-0246 at the peak: topic "巴黎重现2008北京奥运会背包 .*" \(olympics-backpack\): heat \d+/m);
    // The README quotes the story block: every line of it is what the demo prints now.
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8').split('\n');
    const from = readme.findIndex((l) => l.startsWith('story: the hottest topic in the data'));
    expect(from).toBeGreaterThan(0);
    const quoted = readme.slice(from, readme.indexOf('```', from));
    expect(quoted.length).toBeGreaterThanOrEqual(7);
    const printed = new Set(r.out.split('\n'));
    for (const line of quoted) expect(printed.has(line), line).toBe(true);
    // Timings go to stderr only: the same command prints the same stdout.
    expect(r.err).toMatch(/^\(load \d+\.\d\d s, fit \d+\.\d\d s\)\n$/);
    const again = await gfp('demo');
    expect(again.out).toBe(r.out);
  });

  it('without ./fixtures/marketplace generates the same marketplace in memory and says so', async () => {
    const truth = JSON.parse(readFileSync(join(FIXTURES, 'truth.json'), 'utf8')) as { options: unknown };
    expect(parseMarketplaceOptions(BUNDLED_MARKETPLACE_OPTIONS)).toEqual(truth.options);
    const here = await gfp('demo', '--users', '1', '--n', '3');
    const elsewhere = await gfpIn(await tempDir('gfp-demo-cwd-'), 'demo', '--users', '1', '--n', '3');
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.err).toContain('no --data and no ./fixtures/marketplace here: generating the bundled marketplace in memory (seed 42)\n');
    // Same records as the fixture files: everything but the data label is identical.
    expect(elsewhere.out).toBe(here.out.replace('loaded fixtures/marketplace:', 'loaded the generated marketplace:'));
  });

  it('--now fits as of then: the Olympics topic trends at its peak', async () => {
    const r = await gfp('demo', '--users', '1', '--n', '3', '--now', '2026-06-22T04:00:00Z');
    expect(r.code).toBe(0);
    expect(r.out).toContain('fitted ials + item-knn + content + trending + popularity as of 2026-06-22T04:00:00.000Z');
    expect(r.out).toMatch(/^trending at 2026-06-22T04:00:00\.000Z:\n {2}olympics-backpack: /m);
  });

  it('checks its number flags: exit 2 naming the flag and the text', async () => {
    const cases: Array<[string[], string]> = [
      [['--users', 'abc'], '--users: expected a positive integer, got "abc"'],
      [['--users', '-1', '--n', '2'], '--users: expected a positive integer, got "-1"'],
      [['--n', 'xyz'], '--n: expected a positive integer, got "xyz"'],
      [['--now', 'soon'], '--now: expected an ISO 8601 date-time (e.g. 2024-07-26T20:24:00Z) or epoch seconds/milliseconds, got "soon"'],
    ];
    for (const [flags, message] of cases) {
      const r = await gfp('demo', ...flags);
      expect([r.code, r.out, r.err]).toEqual([2, '', `gfp: ${message}\n`]);
    }
  });
});
