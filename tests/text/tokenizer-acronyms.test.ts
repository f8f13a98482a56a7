/**
 * Short English stems (D6, found by a probe on a foreign catalogue): Porter turns `OLED` into `ol`,
 * which then matches an `OL风衬衫` (office-lady shirt). A Porter stem shorter than three letters is
 * not used: a word in ASCII capitals keeps its spelling, any other loses only a plural `s`.
 * Expected terms computed by hand from that rule (Porter stems in the comments).
 */
import { describe, expect, it } from 'vitest';
import { createTokenizer, tokenize, tokenizeWith, tokenizeWithSegmenter, TokenizerConfigSchema } from '../../src/text/tokenizer.js';

describe('short English stems: acronyms (D6)', () => {
  it('does not stem OLED to ol, so it no longer matches OL', () => {
    expect(tokenize('OLED')).toEqual(['oled']);
    // Porter: oled, oleds -> ol; qled -> ql
    expect(tokenize('oled OLEDs QLED')).toEqual(['oled', 'oled', 'qled']);
    expect(tokenize('OL风衬衫')).toEqual(['ol', '风', '衬衫', '风衬']);
  });

  it('shows LED, USB and GPS (and other acronyms in capitals) as written', () => {
    // Porter: gps -> gp, leds -> led, abs -> ab, ips -> ip
    expect(tokenize('OLED LED USB GPS')).toEqual(['oled', 'led', 'usb', 'gps']);
    expect(tokenize('LEDs ABS IPS')).toEqual(['led', 'abs', 'ips']);
  });

  it('a short stem of a word not in capitals keeps only the plural step', () => {
    // Porter: gps -> gp, tvs -> tv, pcs -> pc, eye(s) -> ey, use(s/d) -> us, ages -> ag, ties -> ti
    expect(tokenize('gps TVs PCs eye eyes use used uses ages ties')).toEqual(['gp', 'tv', 'pc', 'eye', 'eye', 'use', 'used', 'use', 'age', 'ti']);
  });

  it('stems words in capitals as usual when the stem is long enough (shouted brands match)', () => {
    expect(tokenize('ADIDAS Adidas IPHONE iPhone RUNNING SHOES')).toEqual(['adida', 'adida', 'iphon', 'iphon', 'run', 'shoe']);
  });

  it('looks at the text before lower-casing, also after a character whose lower case is longer', () => {
    expect(tokenize('İSTANBUL GPS gps')).toEqual(['i̇stanbul', 'gps', 'gp']);
    expect(tokenize('ＧＰＳ G.P.S')).toEqual(['gps', 'g.p.s']);
  });

  it('leaves words alone with stemming off', () => {
    expect(createTokenizer({ stemming: false })('OLED gps uses')).toEqual(['oled', 'gps', 'uses']);
  });

  it('gives the same terms on the fast and the plain path', () => {
    const cfg = TokenizerConfigSchema.parse({});
    const text = 'İ OLED GPS ＧＰＳ gps 奧運 TVs eyes İSTANBUL ABS Nike™ back\u00adpack';
    expect(tokenizeWith(cfg, text)).toEqual(tokenizeWithSegmenter(cfg, text));
  });
});
