import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { basicMerchantKey, displayMerchantName } from '../../src/io/adapters/merchant-key.js';
import { nameMerchants, tiersByKey } from '../../src/io/adapters/merchant-names.js';
import type { Product } from '../../src/schema/entities.js';

describe('basicMerchantKey: the basic normalisation rule, case by case', () => {
  // [raw, key]: each row exercises one step of the documented rule.
  const cases: readonly (readonly [string, string])[] = [
    ['Meredith', 'meredith'],
    ['Meredith Corporation', 'meredith'], // legal suffix
    ['  MEREDITH  corp. ', 'meredith'], // case, white space, dot
    ['Scholastic Inc.', 'scholastic'],
    ['Scholastic, Inc', 'scholastic'], // comma before the suffix
    ['Chronicle Books LLC', 'chroniclebooks'],
    ['Chronicle Books L.L.C.', 'chroniclebooks'], // dots join the letters: llc
    ['Penguin Books Ltd', 'penguinbooks'],
    ['Diogenes Verlag AG', 'diogenesverlag'],
    ['Fischer Taschenbuch Verlag GmbH', 'fischertaschenbuchverlag'],
    ['Smith & Co., Ltd.', 'smith'], // repeated suffixes, then the dangling "and"
    ['Little Brown and Company', 'littlebrown'],
    ['Little, Brown', 'littlebrown'],
    ['Noodles & Company', 'noodles'],
    ['Company', 'company'], // never removes the last word
    ['Inc.', 'inc'],
    ['Barnes & Noble', 'barnesandnoble'], // & = and
    ['Barnes and Noble', 'barnesandnoble'],
    ["Applebee's", 'applebees'], // apostrophe joins
    ['Applebee’s', 'applebees'], // typographic apostrophe
    ['Applebees', 'applebees'],
    ["St. Martin's Press", 'stmartinspress'],
    ['St Martins Press', 'stmartinspress'],
    ['Harper Collins', 'harpercollins'], // words joined without spaces
    ['HarperCollins', 'harpercollins'],
    ['Random House~trade', 'randomhousetrade'], // symbols separate words
    ['The Home Depot', 'homedepot'], // leading "the"
    ['Home Depot', 'homedepot'],
    ['The', 'the'],
    ['Nestlé', 'nestle'], // accents on Latin letters
    ['NESTLE', 'nestle'],
    ['Straße GmbH', 'strasse'], // full case fold: ß = ss
    ['STRASSE', 'strasse'],
    ['ＡＢＣ　Ｃｏｒｐ', 'abc'], // NFKC: full-width letters and space
    ['by\n    \n    Apple', 'apple'], // Amazon's scraped "by" prefix
    ['By Terry', 'byterry'], // a real "By" name (no line break) is kept
    ['小米有限公司', '小米'], // Chinese legal form
    ['小米', '小米'],
    ['株式会社ソニー', 'ソニー'], // Japanese legal form before the name
    ['ソニー株式会社', 'ソニー'],
    ['ガンダム', 'ガンダム'], // marks of other scripts are kept (no dakuten stripped)
    ['Σίσυφος', 'σίσυφοσ'], // final sigma folds with sigma; Greek accents kept
    ['---', ''], // nothing but punctuation: empty key (no brand)
  ];
  it.each(cases)('%j -> %j', (raw, key) => {
    expect(basicMerchantKey(raw)).toBe(key);
  });

  it('is idempotent on its own keys', () => {
    for (const [, key] of cases) if (key !== '') expect(basicMerchantKey(key)).toBe(key);
  });

  it('displays names with white space collapsed and the scraped "by" removed', () => {
    expect(displayMerchantName('by\n    \n    Apple')).toBe('Apple');
    expect(displayMerchantName('  Little,   Brown ')).toBe('Little, Brown');
    expect(displayMerchantName('By Terry')).toBe('By Terry');
  });
});

const product = (id: string, merchantId: string): Product => ({
  id,
  merchantId,
  title: id,
  description: '',
  tags: [],
  category: '',
  price: undefined,
  inStock: true,
});
const unnamed = { idOf: (id: string) => `asin:${id}`, isUnnamed: (m: string) => m.startsWith('asin:') };

describe('nameMerchants', () => {
  const products = [
    product('p1', 'Meredith'),
    product('p2', 'Meredith Corporation'),
    product('p3', 'Meredith Corporation'),
    product('p4', 'asin:p4'),
    product('p5', 'Acme'),
    product('p6', '---'),
  ];

  it('merges spellings under the most frequent one, keeps unnamed products apart and reports the mapping', () => {
    const before = JSON.stringify(products);
    const r = nameMerchants(products, unnamed);
    expect(JSON.stringify(products)).toBe(before); // does not mutate its input
    expect(r.products.map((p) => p.merchantId)).toEqual([
      'Meredith Corporation',
      'Meredith Corporation',
      'Meredith Corporation',
      'asin:p4',
      'Acme',
      'asin:p6', // a name with no letter or digit is no name
    ]);
    expect(r.merchants).toEqual([
      { id: 'Meredith Corporation', name: 'Meredith Corporation' },
      { id: 'asin:p4', name: '' },
      { id: 'Acme', name: 'Acme' },
      { id: 'asin:p6', name: '' },
    ]);
    expect(r.report).toEqual({
      normalisation: 'basic',
      rawNames: 4,
      merchants: 2,
      unnamedProducts: 2,
      groups: [
        { merchant: 'Meredith Corporation', spellings: [{ raw: 'Meredith Corporation', products: 2 }, { raw: 'Meredith', products: 1 }] },
        { merchant: 'Acme', spellings: [{ raw: 'Acme', products: 1 }] },
      ],
    });
  });

  it('ties go to the spelling read first', () => {
    const r = nameMerchants([product('a', 'ACME Inc'), product('b', 'Acme')], unnamed);
    expect(r.merchants.map((m) => m.id)).toEqual(['ACME Inc']);
  });

  it("'none' keeps every string as its own merchant", () => {
    const r = nameMerchants(products, unnamed, { merchantNormalisation: 'none' });
    expect(r.merchants.map((m) => m.id)).toEqual(['Meredith', 'Meredith Corporation', 'asin:p4', 'Acme', '---']);
    expect(r.report.normalisation).toBe('none');
  });

  it('a caller function gives the key; an empty key means no merchant', () => {
    const r = nameMerchants(products, unnamed, { merchantNormalisation: (raw) => (raw.startsWith('Mer') ? 'm' : raw === 'Acme' ? '' : raw) });
    expect(r.products.map((p) => p.merchantId)).toEqual(['Meredith Corporation', 'Meredith Corporation', 'Meredith Corporation', 'asin:p4', 'asin:p5', '---']);
    expect(r.report.normalisation).toBe('custom');
    const bad = (): unknown => nameMerchants(products, unnamed, { merchantNormalisation: (() => 3) as unknown as (raw: string) => string });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow('merchantNormalisation: the function returned number for "Meredith", expected a string key');
  });

  it('gives merged merchants the tier the caller gave any of their spellings', () => {
    const r = nameMerchants(products, unnamed, { merchantTiers: [['meredith', 'head'], ['Acme', 'small']] });
    expect(r.merchants.filter((m) => m.tier !== undefined)).toEqual([
      { id: 'Meredith Corporation', name: 'Meredith Corporation', tier: 'head' },
      { id: 'Acme', name: 'Acme', tier: 'small' },
    ]);
    expect(r.report.groups[0]!.tier).toBe('head');
  });

  it('refuses tiers of different levels on names that normalise to one merchant, naming both', () => {
    const tiers = new Map([
      ['Meredith', 'head'],
      ['Acme', 'small'],
      ['Meredith Corporation', 'small'],
    ] as const);
    let error: unknown;
    try {
      nameMerchants(products, unnamed, { merchantTiers: tiers });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('merchantTiers');
    expect((error as ConfigError).message).toBe(
      `merchantTiers: merchant normalisation 'basic' makes "Meredith" (tier head) and "Meredith Corporation" (tier small) one merchant; ` +
        "give them the same tier, or set merchantNormalisation to 'none'",
    );
    // The same names under 'none' are two merchants: no conflict.
    expect(tiersByKey(tiers, 'none')).toEqual(new Map([['Meredith', 'head'], ['Acme', 'small'], ['Meredith Corporation', 'small']]));
    // Equal tiers on merged names are fine.
    expect(tiersByKey([['Meredith', 'mid'], ['MEREDITH CORP', 'mid']], 'basic')).toEqual(new Map([['meredith', 'mid']]));
    expect(() => tiersByKey([['Acme', 'giant' as 'head']], 'basic')).toThrow('merchantTiers: "Acme" has tier "giant", expected one of head, mid, small');
  });
});
