import { describe, expect, it } from 'vitest';
import { migrateModelBody } from '../../src/engine/model-migrations.js';
import { createTrending } from '../../src/signals/trending.js';
import { T0, contextOf, dataset, event, idx, product, topics } from './_text-fixture.js';

describe('a keyword-stuffed title does not outrank the product it imitates', () => {
  // A seller repeats the hot phrase thirty times (seen on real marketplaces); the genuine case says it once.
  const stuffedTitle = `${Array.from({ length: 30 }, () => 'iPhone 15 手机壳').join(' ')} 通用款 适用所有安卓手机`;
  const ps = [
    product('real', 'iPhone 15 手机壳 透明 防摔 MagSafe'),
    product('stuffed', stuffedTitle),
    ...['卫衣 宽松', '牛仔裤 修身', '口红 持久', '键盘 机械', '帐篷 户外'].map((t, i) => product(`f${i}`, t)),
  ];
  const ds = dataset(ps, [event('u', 'f0', 'view', -1)]);
  const trendOf = (maxRepeats: number | null) => {
    const s = createTrending({ personalisation: 0, text: { maxRepeats } });
    s.fit(ds);
    const out = s.score(contextOf(ds, 'u', T0, topics([{ id: 't', text: 'iPhone 15 手机壳' }])), Int32Array.of(idx(ds, 'real'), idx(ds, 'stuffed')));
    return { real: out[0]!, stuffed: out[1]! };
  };

  it('by default (maxRepeats 1) the genuine product matches best', () => {
    const t = trendOf(1);
    expect(t.real).toBeGreaterThan(t.stuffed);
    expect(t.stuffed).toBeGreaterThan(0);
  });

  it('control: counting every occurrence (maxRepeats null) lets the stuffed title win', () => {
    const t = trendOf(null);
    expect(t.stuffed).toBeGreaterThan(t.real);
  });

  it('model files of version 5 with a lambda above 2 (accepted then) load with lambda 2, its bound now', () => {
    const body = { version: 5, config: { fairness: { rerank: { lambda: 3, policy: 'equal' }, record: false } } };
    expect(migrateModelBody(body)).toEqual({ version: 9, ledgerOrigin: 'memory', config: { fairness: { rerank: { popularityDamping: 0, popularityDampingScope: 'all', lambda: 2, policy: 'equal' }, record: false } } });
    const kept = { version: 5, config: { fairness: { rerank: { lambda: 1.5 } } } };
    expect(migrateModelBody(kept)).toEqual({ version: 9, ledgerOrigin: 'memory', config: { fairness: { rerank: { popularityDamping: 0, popularityDampingScope: 'all', lambda: 1.5 } } } });
  });

  it('model files of version 5 keep counting every occurrence and their tokeniser rules (maxRepeats null, tokenizer.rules 1)', () => {
    const body = {
      version: 5,
      config: { signals: [{ type: 'content', text: { k1: 1.2 } }, { type: 'trending' }, { type: 'ials' }, { type: 'content', text: { maxRepeats: 3 } }] },
    };
    expect(migrateModelBody(body)).toEqual({
      version: 9,
      ledgerOrigin: 'memory',
      config: {
        fairness: { rerank: { popularityDamping: 0, popularityDampingScope: 'all' } },
        signals: [
          { type: 'content', text: { k1: 1.2, maxRepeats: null, tokenizer: { rules: 1 } } },
          { type: 'trending', text: { maxRepeats: null, tokenizer: { rules: 1 } }, itemRelative: false, itemHeavyUserFactor: null, itemResolutionSeconds: 0 },
          { type: 'ials' },
          { type: 'content', text: { maxRepeats: 3, tokenizer: { rules: 1 } } },
        ],
      },
    });
  });
});
