import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataRoot, resolveDataPath } from '../../src/io/data-root.js';

describe('data root', () => {
  it('defaults to ../shared from the working directory', () => {
    expect(dataRoot({}, '/repo/main')).toBe(resolve('/repo/shared'));
    expect(dataRoot({ GFP_DATA_ROOT: '' }, '/repo/main')).toBe(resolve('/repo/shared'));
  });

  it('takes GFP_DATA_ROOT, relative to the working directory when relative', () => {
    expect(dataRoot({ GFP_DATA_ROOT: '/data' }, '/repo/main')).toBe(resolve('/data'));
    expect(dataRoot({ GFP_DATA_ROOT: 'elsewhere' }, '/repo/main')).toBe(resolve('/repo/main/elsewhere'));
  });

  it('expands the placeholder in config paths and leaves other paths to the config folder', () => {
    const env = { GFP_DATA_ROOT: '/d' };
    expect(resolveDataPath('$GFP_DATA_ROOT/data/ml-100k', '/cfg', env)).toBe(join('/d', 'data', 'ml-100k'));
    expect(resolveDataPath('${GFP_DATA_ROOT}/vectors/x.tsv', '/cfg', env)).toBe(join('/d', 'vectors', 'x.tsv'));
    expect(resolveDataPath('$GFP_DATA_ROOT', '/cfg', env)).toBe(resolve('/d'));
    expect(resolveDataPath('train.tsv', '/cfg', env)).toBe(resolve('/cfg/train.tsv'));
    expect(resolveDataPath('/abs/train.tsv', '/cfg', env)).toBe('/abs/train.tsv');
    // Only a whole leading segment is the placeholder.
    expect(resolveDataPath('$GFP_DATA_ROOTX/a', '/cfg', env)).toBe(resolve('/cfg/$GFP_DATA_ROOTX/a'));
  });
});
