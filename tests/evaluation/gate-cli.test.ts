import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gfp } from '../cli/_gfp.js';

// The gate's CLI (src/cli/commands/gate.ts) turns the gate's bad-input errors into exit 2.
const current = fileURLToPath(new URL('../../fixtures/gate/current.json', import.meta.url));

describe('gfp gate --tolerance', () => {
  it('a label matching no metric of the baseline exits 2 naming it and the known labels', async () => {
    const r = await gfp('gate', '--baseline', current, '--current', current, '--tolerance', 'foo@10=0.01');
    expect(r.code).toBe(2);
    expect(r.err).toContain('tolerance for "foo@10" names no metric of the baseline; its metrics are: ndcg@10, ');
    expect(r.out).toBe('');
  });
  it('a label of the baseline still passes', async () => {
    expect((await gfp('gate', '--baseline', current, '--current', current, '--tolerance', 'ndcg@10=0.01')).code).toBe(0);
  });
});
