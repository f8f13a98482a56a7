import { describe, expect, it, vi } from 'vitest';
import { FIXTURES, gfp } from './_gfp.js';

// A bug anywhere below a command: inspectDataset throws a plain TypeError.
vi.mock('../../src/io/inspect-dataset.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/io/inspect-dataset.js')>()),
  inspectDataset: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'length')");
  },
}));

describe('gfp on an internal error', () => {
  it('exits 3 (not 1, the failed-check code) and prints the stack with a request to report it', async () => {
    const r = await gfp('inspect', FIXTURES);
    expect(r.code).toBe(3);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^gfp: internal error \(a bug in gfp, please report it\): TypeError: Cannot read properties of undefined \(reading 'length'\)\n {4}at /);
  });
});
