/** docs/model-file.md stays true to the codec: the version and every built-in signal's state keys. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../src/engine/model-file.js';
import { createRecommender } from '../../src/index.js';
import { loadMarketplace } from '../../src/io/index.js';

const doc = readFileSync('docs/model-file.md', 'utf8');
const data = (await loadMarketplace('fixtures/marketplace')).data;

describe('docs/model-file.md', () => {
  it('documents the version this build writes', () => {
    expect(doc).toContain(`| 4 | 4 | version, u32 (${MODEL_VERSION}) |`);
    expect(doc).toContain(`| \`version\` | \`${MODEL_VERSION}\` |`);
  });

  it('lists exactly the state keys each built-in signal saves', () => {
    const rec = createRecommender({
      signals: [{ type: 'ials', factors: 4, iterations: 2 }, { type: 'item-knn' }, { type: 'ease', maxItems: 500 }, { type: 'content' }, { type: 'trending' }, { type: 'popularity' }],
    }).fit(data);
    for (const s of rec.exportState().signals) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${s.type}\` |`));
      expect(row, s.type).toBeDefined();
      const documented = [...row!.split('|')[2]!.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]).sort();
      expect(documented, s.type).toEqual(s.state === null ? [] : [...s.state.keys()].sort());
    }
  });
});
