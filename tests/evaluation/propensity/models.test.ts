import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, ValidationError } from '../../../src/errors.js';
import { parseGivenPropensities } from '../../../src/evaluation/propensity/given-file.js';
import { fitGivenPropensity } from '../../../src/evaluation/propensity/given-model.js';
import { fitPopularityGamma, fitPopularityPropensity } from '../../../src/evaluation/propensity/popularity-model.js';

describe('popularity propensity (Yang et al. 2018)', () => {
  const popularity = new Map([
    ['a', 16],
    ['b', 4],
    ['c', 1],
  ]);
  const relevant = new Map([['u', new Set(['a', 'b', 'c', 'new'])]]);

  it('p(i) = (n(i) / n_max)^((gamma + 1) / 2): weights (16 / n)^1.5 at gamma 2, an unseen item counted as popularity 1', () => {
    const fitted = fitPopularityPropensity(popularity, relevant, 2, 'given', 1000);
    const u = fitted.users.get('u')!;
    // a: 1; b: 4^1.5 = 8; c and new: 16^1.5 = 64.
    expect(u.weights).toEqual([1, 8, 64, 64]);
    expect(u.value('b', 'ips')).toBe(8);
    expect(u.value('x', 'ips')).toBe(0);
    expect(u.supported('c')).toBe(true);
    expect(u.supported('new')).toBe(false);
    expect(fitted.info).toMatchObject({ gamma: 2, maxPopularity: 16, heldOutUnseen: 1 });
    // Clipped at the cap.
    expect(fitPopularityPropensity(popularity, relevant, 2, 'given', 10).users.get('u')!.weights).toEqual([1, 8, 10, 10]);
    // gamma -1: uniform propensities (every weight 1).
    expect(fitPopularityPropensity(popularity, relevant, -1, 'given', 10).users.get('u')!.weights).toEqual([1, 1, 1, 1]);
  });

  it('refuses gamma below -1 (presentation falling with popularity) naming propensity.gamma', () => {
    expect(() => fitPopularityPropensity(popularity, relevant, -1.5, 'run x', 10)).toThrow(ConfigError);
    expect(() => fitPopularityPropensity(popularity, relevant, -1.5, 'run x', 10)).toThrow(/propensity\.gamma/);
  });

  it('fits gamma as the log-log slope of how often items of each popularity are recommended', () => {
    // Items of popularity 1, 2, 4, 8 appear in 1, 2, 4, 8 lists (f(n) = n): slope 1.
    const pop = new Map([
      ['p1', 1],
      ['p2', 2],
      ['p4', 4],
      ['p8', 8],
    ]);
    const lists = Array.from({ length: 8 }, (_, k) => [...pop.entries()].filter(([, n]) => n > k).map(([id]) => id));
    expect(fitPopularityGamma(lists, pop)).toBeCloseTo(1, 12);
    // f(n) = n^2: each item of popularity n in n^2 lists (slope 2).
    const squared = Array.from({ length: 64 }, (_, k) => [...pop.entries()].filter(([, n]) => n * n > k).map(([id]) => id));
    expect(fitPopularityGamma(squared, pop)).toBeCloseTo(2, 12);
  });

  it('cannot fit gamma when the lists cover fewer than two popularity levels', () => {
    const pop = new Map([
      ['a', 3],
      ['b', 5],
    ]);
    expect(() => fitPopularityGamma([['a'], ['a']], pop)).toThrow(/too few to fit gamma; give propensity\.gamma/);
  });
});

describe('given propensities', () => {
  const relevant = new Map([['u', new Set(['a', 'b'])]]);

  it('per pair wins over per product; weights clipped', () => {
    const fitted = fitGivenPropensity({ items: new Map([['a', 0.5], ['b', 0.2]]), pairs: (u, p) => (u === 'u' && p === 'b' ? 0.001 : undefined) }, relevant, 100);
    expect(fitted.users.get('u')!.weights).toEqual([2, 100]);
    expect(fitted.users.get('u')!.supported('zzz')).toBe(false);
  });

  it('refuses a propensity of 0 or above 1, and a held-out interaction without one, naming them', () => {
    expect(() => fitGivenPropensity({ items: new Map([['a', 0], ['b', 1]]) }, relevant, 100)).toThrow(DataError);
    expect(() => fitGivenPropensity({ items: new Map([['a', 0], ['b', 1]]) }, relevant, 100)).toThrow(/propensity of product "a" is 0; a propensity must be a probability in \(0, 1\]/);
    expect(() => fitGivenPropensity({ items: new Map([['a', 1.5], ['b', 1]]) }, relevant, 100)).toThrow(/is 1\.5/);
    expect(() => fitGivenPropensity({ items: new Map([['a', 0.5]]) }, relevant, 100)).toThrow(/no propensity for the held-out interaction of user "u" with product "b"/);
  });

  it('reads a propensity file per product or per pair, with line and field in every error', () => {
    const items = parseGivenPropensities('productId,propensity\na,0.5\nb,1\n', 'p.csv');
    expect([...items.items!]).toEqual([
      ['a', 0.5],
      ['b', 1],
    ]);
    const pairs = parseGivenPropensities('userId,productId,propensity\r\nu,a,0.25\r\n', 'q.csv');
    expect(pairs.pairs!('u', 'a')).toBe(0.25);
    expect(pairs.pairs!('v', 'a')).toBeUndefined();
    const issue = (text: string) => {
      try {
        parseGivenPropensities(text, 'p.csv');
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).issues[0]!;
      }
      throw new Error('no error');
    };
    expect(issue('productId,propensity\na,0.5\nb,0\n')).toMatchObject({ source: 'p.csv', line: 3, field: 'propensity', value: '0' });
    expect(issue('productId,propensity\na,1.01\n')).toMatchObject({ line: 2, field: 'propensity' });
    expect(issue('productId,propensity\na,x\n')).toMatchObject({ line: 2, field: 'propensity', value: 'x' });
    expect(issue('item,p\n')).toMatchObject({ line: 1, reason: expect.stringContaining('productId,propensity') });
    expect(issue('productId,propensity\na,0.5\na,0.4\n')).toMatchObject({ line: 3, reason: expect.stringContaining('repeated') });
  });
});
