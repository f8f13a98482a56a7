/**
 * Every README table a benchmark produces is the committed result of that benchmark: the block
 * between `<!-- bench:NAME -->` markers equals what `npm run readme` writes from
 * benchmarks/out/NAME.md, byte for byte.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockText, committedResults, readmeBlocks, renderReadme, RESULT_DOCUMENTS } from '../../scripts/readme-tables.js';

describe.each(RESULT_DOCUMENTS)('%s tables', (document) => {
  const blocks = readmeBlocks(readFileSync(new URL(`../../${document}`, import.meta.url), 'utf8'));

  it('has blocks, each backed by a committed results file', () => {
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(existsSync(new URL(`../../benchmarks/out/${b.name}.md`, import.meta.url)), b.name).toBe(true);
  });

  for (const b of blocks) {
    it(`${b.name}: the block is what the generator writes from benchmarks/out/${b.name}.md`, () => {
      expect(b.current).toBe(blockText(committedResults(b.name), b.sections));
    });
  }
});

describe('the table generator', () => {

  it('the generator fills blocks and leaves the rest alone (hand-made case)', () => {
    const text = 'intro\n<!-- bench:a -->\nold\n<!-- /bench:a -->\nmiddle\n<!-- bench:b -->\n<!-- /bench:b -->\nend\n';
    const out = renderReadme(text, (name) => (name === 'a' ? '## Heading of a\n\n| x |\n| --- |\n| 1 |\n' : 'b text'));
    expect(out).toBe('intro\n<!-- bench:a -->\n| x |\n| --- |\n| 1 |\n<!-- /bench:a -->\nmiddle\n<!-- bench:b -->\nb text\n<!-- /bench:b -->\nend\n');
    // A stale block is detected.
    expect(readmeBlocks(text).map((x) => x.current !== blockText(x.name === 'a' ? '| x |' : 'b text'))).toEqual([true, true]);
  });

  it('a summary block takes the results file up to its first ### heading (hand-made case)', () => {
    const text = 'intro\n<!-- bench:a summary -->\nold\n<!-- /bench:a -->\nend\n';
    const results = '## A\n\nsummary line\n\n### per dataset\n\n| x |\n';
    expect(renderReadme(text, () => results)).toBe('intro\n<!-- bench:a summary -->\nsummary line\n<!-- /bench:a -->\nend\n');
    expect(readmeBlocks(text)).toEqual([{ name: 'a', current: 'old\n', sections: 0 }]);
    // without a ### heading the whole file (less its first heading) is the summary
    expect(blockText('## A\n\nall\n', 0)).toBe('all\n');
    // sections=1 keeps the first ### section too
    const two = 'x\n<!-- bench:a sections=1 -->\n<!-- /bench:a -->\n';
    expect(renderReadme(two, () => results + '\n### second\n\nmore\n')).toBe('x\n<!-- bench:a sections=1 -->\nsummary line\n\n### per dataset\n\n| x |\n<!-- /bench:a -->\n');
  });
});
