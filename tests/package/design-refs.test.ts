/**
 * Doc comments may point at docs/design.md by section number (users cannot read the team's
 * DESIGN.md); scripts/design-refs.ts rewrites the old citations.
 */
import { describe, expect, it } from 'vitest';
import { DOCS_CITATION, designRefs, designSections } from '../../scripts/design-refs.js';

describe('docs/design.md', () => {
  it('has every section the sources cite', async () => {
    const sections = await designSections();
    expect([...sections]).toEqual(['3', '4', '4.3', '5', '5.1', '5.2', '5.3', '5.4', '6', '7', '8']);
    const cited = (await designRefs(undefined, DOCS_CITATION)).filter((r) => r.section !== undefined);
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((r) => !sections.has(r.section!)).map((r) => `${r.file}:${r.line}`)).toEqual([]);
  });
});

describe('after npm run design-refs -- --fix', () => {
  it('no source cites DESIGN.md', async () => {
    expect((await designRefs()).map((r) => `${r.file}:${r.line}: ${r.text}`)).toEqual([]);
  });
});
