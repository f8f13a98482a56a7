/**
 * What the published declarations show a user (issue 15): no internal with a leading underscore
 * (`_restore*` and the like) is declared or exported in any dist/*.d.ts or *.d.cts, and the root
 * entry stays curated. Needs a build (`npm test` builds first).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = join(import.meta.dirname, '../../dist');

/** Underscore names a declaration file declares or exports: declarations, members, export lists and aliases. */
function underscoreDeclarations(text: string): string[] {
  const patterns = [
    /\b(?:function|class|const|let|var|interface|type|enum|namespace)\s+(_[A-Za-z0-9$]\w*)/g,
    /^\s+(?:(?:readonly|static|private|protected|abstract|get|set)\s+)*(_[A-Za-z0-9$]\w*)[?!]?\s*[(:<]/gm,
    /\bexport\s*\{[^}]*?[{,\s](_[A-Za-z0-9$]\w*)(?=\s*(?:,|\}|\bas\b))/g,
    /\bas\s+(_[A-Za-z0-9$]\w*)\s*[,}]/g,
  ];
  return [...new Set(patterns.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!)))];
}

describe('published declarations', () => {
  it('declare and export no name with a leading underscore', async () => {
    let files: string[];
    try {
      files = (await readdir(DIST)).filter((f) => f.endsWith('.d.ts') || f.endsWith('.d.cts'));
    } catch {
      throw new Error('dist/ is missing: run npm run build first (npm test builds before the tests)');
    }
    expect(files.length).toBeGreaterThan(6);
    const found: string[] = [];
    for (const f of files) for (const name of underscoreDeclarations(await readFile(join(DIST, f), 'utf8'))) found.push(`${f}: ${name}`);
    expect(found).toEqual([]);
  });

  it('(control) the scan finds underscore names in each position', () => {
    const sample = [
      'declare function _restoreState(x: number): void;',
      'declare class Ledger {\n    _restore(snapshot: unknown): void;\n    readonly _entries: Map<string, number>;\n}',
      'export { Ledger, _internalThing, other };',
      'export { helper as _helper };',
      'declare function ok(_user: string): void;',
    ].join('\n');
    expect(underscoreDeclarations(sample).sort()).toEqual(['_entries', '_helper', '_internalThing', '_restore', '_restoreState']);
  });

  it('the root entry exports what a service uses, not the low-level pieces', async () => {
    const root = (await import('../../src/index.js')) as Record<string, unknown>;
    for (const name of ['createRecommender', 'Recommender', 'registerSignal', 'ProductSchema', 'validateRecords', 'ConfigError', 'ExposureLedger', 'SharedLedger', 'RerankConfigSchema', 'loadRecommender', 'recommenderToJSON', 'sequentialRunner']) {
      expect(root[name], name).toBeDefined();
    }
    for (const name of ['csrFromCoo', 'buildDataset', 'IdIndex', 'normaliseScores', 'decodeModel', 'fairTable', 'rerank', 'createIals', 'IalsSignal', 'heatAt', 'tierCode', 'previewValue']) {
      expect(root[name], name).toBeUndefined();
    }
  });
});
