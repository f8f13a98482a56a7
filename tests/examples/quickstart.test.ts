/**
 * The README's usage example is examples/quickstart.ts, verbatim, and it really runs: on the bundled
 * marketplace, a Chinese-only hot topic carries the small merchant's Olympics backpack into the
 * slate of a sport/travel user the day before the fitted topic heats up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '../..');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('README quickstart', () => {
  it('the README shows examples/quickstart.ts verbatim', () => {
    const example = readFileSync(join(root, 'examples/quickstart.ts'), 'utf8').trim();
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('```ts\n' + example + '\n```');
    // "a 10-line usage example": imports and code, blank lines not counted.
    expect(example.split('\n').filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(10);
  });

  it('runs and prints a five-item slate led by the small merchant backpack the topic names', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    await import('../../examples/quickstart.js');
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => Number(l.split(' ')[0]))).toEqual([1, 2, 3, 4, 5]);
    const backpack = lines.find((l) => l.includes('p-olympic-backpack'));
    expect(backpack, lines.join('\n')).toBeDefined();
    expect(backpack).toContain('m-031');
    expect(backpack).toContain('trending now');
  });
});
