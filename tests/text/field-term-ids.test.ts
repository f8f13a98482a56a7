import { describe, expect, it } from 'vitest';
import { FieldTermIds } from '../../src/text/field-term-ids.js';
import { TermDictionary } from '../../src/text/term-dictionary.js';
import { TokenizerConfigSchema, tokenizeWith, type TokenizerConfig } from '../../src/text/tokenizer.js';

const config = TokenizerConfigSchema.parse({});

describe('FieldTermIds', () => {
  it('gives term ids in token order, adding new terms to the dictionary', () => {
    const terms = new TermDictionary();
    const f = new FieldTermIds(terms, config, tokenizeWith, true);
    const ids = f.of('red mugs and red cups');
    expect(Array.from(ids, (id) => terms.termAt(id))).toEqual(['red', 'mug', 'red', 'cup']);
    expect(terms.size).toBe(3);
    expect(Array.from(f.of('blue mug'))).toEqual([3, 1]);
  });

  it('memoises short texts only with the memo on', () => {
    let calls = 0;
    const counting = (cfg: TokenizerConfig, text: string): string[] => {
      calls++;
      return tokenizeWith(cfg, text);
    };
    const memo = new FieldTermIds(new TermDictionary(), config, counting, true);
    memo.of('travel mug');
    memo.of('travel mug');
    memo.of('x'.repeat(600) + ' mug');
    memo.of('x'.repeat(600) + ' mug');
    expect(calls).toBe(3); // the 600-char text is tokenised each time
    calls = 0;
    const plain = new FieldTermIds(new TermDictionary(), config, counting, false);
    plain.of('travel mug');
    plain.of('travel mug');
    expect(calls).toBe(2);
  });
});
