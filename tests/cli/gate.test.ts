import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';
import { expectWellFormed } from '../evaluation/_xml.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/gate/${name}`, import.meta.url));
const current = fixture('current.json');
const higher = fixture('baseline-higher-ndcg.json');

async function gfp(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t.endsWith('\n') ? t : `${t}\n`), err: (t) => void (err += t.endsWith('\n') ? t : `${t}\n`) };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('gfp gate', () => {
  it('passes a report against itself (exit 0) and prints the Markdown summary', async () => {
    const r = await gfp('gate', '--baseline', current, '--current', current);
    expect(r.code).toBe(0);
    expect(r.out).toContain('## Regression gate: PASSED');
    expect(r.out).toContain('10 passed, 0 failed, 0 missing');
    // The fixture predates the protocol section: compared as before, with one warning.
    expect(r.err).toMatch(/^warning: neither report records its protocol .*: written by an earlier version, so compared as before/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
  it('fails (exit 1) against a baseline with higher ndcg, and names the metric', async () => {
    const r = await gfp('gate', '--baseline', higher, '--current', current);
    expect(r.code).toBe(1);
    expect(r.out).toContain('## Regression gate: FAILED');
    expect(r.out).toMatch(/\| ALS \| ndcg@10 \| 0\.2828 \| 0\.2628 \| ↓ -0\.0200 \(worse\) \| 0\.0000 \| ❌ \*\*FAIL\*\* \|/);
  });
  it('absolute and relative tolerances decide', async () => {
    expect((await gfp('gate', '--baseline', higher, '--current', current, '--tolerance', 'ndcg@10=0.03')).code).toBe(0);
    expect((await gfp('gate', '--baseline', higher, '--current', current, '--tolerance', 'ndcg@10=5%')).code).toBe(1); // 5% of 0.2828 = 0.0141 < 0.02
    expect((await gfp('gate', '--baseline', higher, '--current', current, '--tolerance', 'ndcg@10=10%')).code).toBe(0);
    expect((await gfp('gate', '--baseline', higher, '--current', current, '--default-tolerance', '0.05')).code).toBe(0);
  });
  it('a consistent per-user drop stays a failure with --require-significance', async () => {
    const r = await gfp('gate', '--baseline', higher, '--current', current, '--require-significance', '0.05');
    expect(r.code).toBe(1);
    expect(r.out).toContain('significant (p = ');
  });
  it('writes the summary and JUnit XML files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gfp-gate-'));
    const summary = join(dir, 'summary.md');
    const junit = join(dir, 'junit.xml');
    const r = await gfp('gate', '--baseline', higher, '--current', current, '--summary', summary, '--junit', junit);
    expect(r.code).toBe(1);
    expect(readFileSync(summary, 'utf8')).toBe(r.out);
    const xml = readFileSync(junit, 'utf8');
    expectWellFormed(xml);
    expect(xml).toMatch(/<testsuites name="gfp gate" tests="10" failures="1">/);
    expect(xml.match(/<testcase /g)!.length).toBe(10);
    expect(xml).toMatch(/<testcase classname="gate\.ALS" name="ndcg@10">\s*<failure /);
  });
  it('bad input exits 2: missing file, invalid JSON, invalid report, bad tolerance', async () => {
    const missing = await gfp('gate', '--baseline', fixture('nope.json'), '--current', current);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read the baseline report');
    const notJson = await gfp('gate', '--baseline', fixture('not-json.json'), '--current', current);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain('invalid JSON');
    const invalid = await gfp('gate', '--baseline', current, '--current', fixture('invalid-report.json'));
    expect(invalid.code).toBe(2);
    expect(invalid.err).toContain('runs.1.metrics.ndcg@10.mean');
    expect((await gfp('gate', '--baseline', current, '--current', current, '--tolerance', 'ndcg@10=lots')).code).toBe(2);
    expect((await gfp('gate', '--baseline', current, '--current', current, '--require-significance', '2')).code).toBe(2);
    expect((await gfp('gate', '--current', current)).code).toBe(2);
  });
  it('refuses reports of different data (exit 2, naming the fingerprints) unless --allow-different-data, which warns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gfp-gate-'));
    const other = join(dir, 'other.json');
    const report = JSON.parse(readFileSync(current, 'utf8')) as { dataset: { fingerprint: string } };
    writeFileSync(other, JSON.stringify({ ...report, dataset: { ...report.dataset, fingerprint: 'other-data' } }));
    const refused = await gfp('gate', '--baseline', current, '--current', other);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('the reports are not comparable: baseline and current come from different data');
    expect(refused.err).toContain('fingerprint p1-test-tsv');
    expect(refused.err).toContain('--allow-different-data');
    const allowed = await gfp('gate', '--baseline', current, '--current', other, '--allow-different-data');
    expect(allowed.code).toBe(0);
    expect(allowed.err).toContain('warning: baseline and current come from different data');
    expect(allowed.out).toContain('> **Warning**: baseline and current come from different data');
  });
  it('on exit 2 writes both files anyway, saying why nothing was compared (docs/gate.md: "published either way")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gfp-gate-'));
    const summary = join(dir, 'gate.md');
    const junit = join(dir, 'gate.xml');
    const other = join(dir, 'other.json');
    const report = JSON.parse(readFileSync(current, 'utf8')) as { dataset: { fingerprint: string } };
    writeFileSync(other, JSON.stringify({ ...report, dataset: { ...report.dataset, fingerprint: 'other-data' } }));
    const cases: { argv: string[]; reason: string }[] = [
      { argv: ['--baseline', current, '--current', other], reason: 'the reports are not comparable: baseline and current come from different data' },
      { argv: ['--baseline', fixture('not-json.json'), '--current', current], reason: 'invalid input: ' },
      { argv: ['--baseline', fixture('nope.json'), '--current', current], reason: 'cannot read the baseline report' },
      { argv: ['--baseline', current, '--current', current, '--tolerance', 'foo@10=0.01'], reason: 'tolerance for "foo@10" names no metric of the baseline' },
    ];
    for (const { argv, reason } of cases) {
      writeFileSync(summary, 'stale: PASSED');
      writeFileSync(junit, 'stale');
      const r = await gfp('gate', ...argv, '--summary', summary, '--junit', junit);
      expect(r.code).toBe(2);
      expect(r.err).toContain(reason);
      const md = readFileSync(summary, 'utf8');
      expect(md).toContain('## Regression gate: NOT COMPARED');
      expect(md).toContain('The gate could not compare the reports, so it did not pass:');
      expect(md).toContain(`- ${reason}`);
      const xml = readFileSync(junit, 'utf8');
      expectWellFormed(xml);
      expect(xml).toMatch(/<testsuites name="gfp gate" tests="1" failures="0" errors="1">/);
      expect(xml.match(/<testcase /g)!.length).toBe(1);
      expect(xml).toMatch(/<testcase classname="gate" name="compare reports">\s*<error message="[^"]+" type="not-compared">/);
      expect(xml).toContain(reason.replace(/"/g, '&quot;'));
    }
  });
  it('a report with several schema issues lists them in the summary, one per line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gfp-gate-'));
    const summary = join(dir, 'gate.md');
    const bad = join(dir, 'bad.json');
    const report = JSON.parse(readFileSync(current, 'utf8')) as { dataset: Record<string, unknown> };
    writeFileSync(bad, JSON.stringify({ ...report, dataset: { ...report.dataset, users: -1, items: 'many' } }));
    const r = await gfp('gate', '--baseline', current, '--current', bad, '--summary', summary);
    expect(r.code).toBe(2);
    const md = readFileSync(summary, 'utf8');
    expect(md).toMatch(/^- invalid input: .*dataset\.users.* \(and 1 more issue\)$/m);
    expect(md).toMatch(/^- .*dataset\.items/m);
    expect(md).toContain(`Baseline \`${current}\`, current \`${bad}\`.`);
  });
});
