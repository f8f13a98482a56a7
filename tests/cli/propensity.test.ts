import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES, gfp, tempDir } from './_gfp.js';

const fixture = (p: string): string => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));

/** Writes an eval config with `extra` keys into a fresh directory; returns its path. */
async function config(extra: object, dataset: object = { path: FIXTURES, format: 'marketplace' }): Promise<string> {
  const dir = await tempDir('gfp-propensity-');
  const file = join(dir, 'eval.json');
  await writeFile(
    file,
    JSON.stringify({
      dataset,
      split: { strategy: 'temporal', quantile: 0.8, dropUsersWithoutTrain: true },
      models: [{ name: 'pop', signals: [{ type: 'popularity' }] }],
      metrics: ['ndcg', 'merchant-gini'],
      ...extra,
    }),
  );
  return file;
}

describe('gfp eval with propensity-corrected metrics', () => {
  it('prints the corrected metrics next to the logged one, the model used and the unsupported exposure', async () => {
    const r = await gfp('eval', await config({ propensity: { model: 'impressions', estimators: ['snips'] } }), '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^run\s+ndcg@10\s+snips-ndcg@10\s+merchant-gini@10/m);
    expect(r.out).toContain('propensity model impressions: position-based click model by regression EM');
    expect(r.out).toMatch(/exposure on items the log cannot value \(unsupported\): pop \d+\.\d%/);
  });

  it('bad propensity input exits 2 naming the option, field or file line', async () => {
    // fixtures/eval/tiny logs an impression without a position (its last event).
    const tiny = { path: fixture('eval/tiny'), format: 'marketplace' };
    const noPosition = await gfp('eval', await config({ propensity: { model: 'impressions' } }, tiny), '--quiet');
    expect(noPosition.code).toBe(2);
    expect(noPosition.err).toMatch(/events\[12\] \(impression of user "u4" on product "a"\): field "position" is missing/);
    const clicksOnly = await tempDir('gfp-clicks-');
    await writeFile(join(clicksOnly, 'products.csv'), await readFile(fixture('eval/tiny/products.csv'), 'utf8'));
    const events = (await readFile(fixture('eval/tiny/events.csv'), 'utf8')).split('\n').filter((l) => !l.includes('impression'));
    await writeFile(join(clicksOnly, 'events.csv'), events.join('\n'));
    const noImpressions = await gfp('eval', await config({ propensity: { model: 'impressions' }, split: { strategy: 'temporal', cutoff: '2026-02-01T12:00:00Z' } }, { path: clicksOnly }), '--quiet');
    expect(noImpressions.code).toBe(2);
    expect(noImpressions.err).toContain('propensity.model "impressions" needs impression events with positions in the training part');
    const drPopularity = await gfp('eval', await config({ propensity: { model: 'popularity', estimators: ['dr'] } }), '--quiet');
    expect(drPopularity.code).toBe(2);
    expect(drPopularity.err).toContain('propensity.estimators: dr needs a reward model');
    const badClip = await gfp('eval', await config({ propensity: { model: 'popularity', clip: 1 } }), '--quiet');
    expect(badClip.code).toBe(2);
    expect(badClip.err).toContain('propensity.clip');
    const file = await config({ propensity: { model: 'given', file: 'p.csv' } });
    await writeFile(join(file, '..', 'p.csv'), 'productId,propensity\np-0001,0.5\np-0002,0\n');
    const zero = await gfp('eval', file, '--quiet');
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/p\.csv:3: field "propensity" \(got "0"\): expected a probability in \(0, 1\]/);
    await writeFile(join(file, '..', 'p.csv'), 'productId,propensity\np-0001,0.5\n');
    const missing = await gfp('eval', file, '--quiet');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no propensity for the held-out interaction of user');
  });
});

describe('gfp simulate with a randomised logging policy', () => {
  it('--explore logs randomised slots on the explore surface; --log-dir writes each run\'s impressions and clicks', async () => {
    const dir = await tempDir('gfp-simulate-log-');
    const r = await gfp('simulate', '--data', FIXTURES, '--lambda', '0', '--rounds', '2', '--per-round', '20', '--n', '5', '--explore', '0.3', '--log-dir', dir);
    expect(r.code).toBe(0);
    const csv = await readFile(join(dir, 'events-lambda=0.csv'), 'utf8');
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('userId,productId,type,timestamp,weight,position,surface,sessionId');
    const impressions = rows.filter((row) => row.split(',')[2] === 'impression');
    expect(impressions).toHaveLength(2 * 20 * 5);
    expect(impressions.some((row) => row.includes(',explore,'))).toBe(true);
    expect(impressions.every((row) => /,[1-5],(feedback-loop|explore),round-[12]$/.test(row))).toBe(true);
  });

  it('bad exploration flags exit 2', async () => {
    const both = await gfp('simulate', '--data', FIXTURES, '--explore', '0.1', '--plackett-luce', '0.5');
    expect(both.code).toBe(2);
    expect(both.err).toContain('at most one of --explore and --plackett-luce');
    const epsilon = await gfp('simulate', '--data', FIXTURES, '--explore', '1');
    expect(epsilon.code).toBe(2);
    expect(epsilon.err).toContain('--explore');
  });
});
