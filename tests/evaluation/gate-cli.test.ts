import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('gfp gate: nothing to compare', () => {
  /** The fixture with every metric label at @5 instead of @10 (a report at another k). */
  function atK5(): string {
    const report = JSON.parse(readFileSync(current, 'utf8')) as { runs: { metrics: Record<string, unknown> }[] };
    for (const run of report.runs) run.metrics = Object.fromEntries(Object.entries(run.metrics).map(([label, v]) => [label.replace('@10', '@5'), v]));
    const file = join(mkdtempSync(join(tmpdir(), 'gfp-gate-k-')), 'k5.json');
    writeFileSync(file, JSON.stringify(report));
    return file;
  }
  it('every baseline metric missing exits 2 (it passed: "0 passed, 0 failed, 10 missing"), with or without --fail-on-missing', async () => {
    const k5 = atK5();
    for (const flags of [[], ['--fail-on-missing']]) {
      const r = await gfp('gate', '--baseline', current, '--current', k5, ...flags);
      expect(r.code).toBe(2);
      expect(r.err).toContain("gfp: nothing to compare: none of the baseline's 5 metric labels is in a run of the same name in the current report: the runs match but no metric label does (the same metrics at other cut-offs, baseline @10 and current @5: another k?)");
      expect(r.err).toContain('current: runs "Pop", "ALS" with ndcg@5, ');
      expect(r.out).not.toContain('PASSED');
    }
  });
});
