/**
 * Legal-form words stripped from the end of a merchant name by {@link basicMerchantKey}, after
 * case folding and with dots removed (so `Inc.`, `INC` and `inc` are all `inc`, `L.L.C.` is `llc`).
 */
export const LEGAL_SUFFIXES: ReadonlySet<string> = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'cos', 'company', 'llc', 'lc', 'ltd', 'limited',
  'plc', 'gmbh', 'mbh', 'ag', 'kg', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'pty', 'pvt', 'lp',
  'llp', 'ab', 'oy', 'kk',
]);

/** Chinese and Japanese legal forms cut from the end of the key (`小米有限公司` -> `小米`), longest first. */
const CJK_LEGAL_SUFFIXES = ['股份有限公司', '有限责任公司', '有限責任公司', '有限公司', '株式会社'] as const;

/** The Japanese legal form, also written before the name (`株式会社ソニー`). */
const CJK_LEGAL_PREFIX = '株式会社';

/** Amazon's scraped brand fields sometimes read `by\n    \n    Apple`: a `by` and a line break before the name. */
const SCRAPED_BY = /^\s*by[ \t]*[\r\n]\s*/iu;

/** Apostrophes and dots: removed, joining what they separate (`Applebee's` -> `applebees`, `A.C.` -> `ac`). */
const JOINING = /['\u2018\u2019\u02bc`.]/gu;

/** Anything that is neither a letter, a digit nor a combining mark separates words. */
const SEPARATOR = /[^\p{L}\p{N}\p{M}]+/u;

/**
 * A merchant name as people write it: trimmed, white space runs collapsed to one space, and
 * Amazon's scraped `by` + line break prefix removed. Used for the merchant id shown to users.
 *
 * @example displayMerchantName('by\n    \n    Apple') // 'Apple'
 */
export function displayMerchantName(raw: string): string {
  return raw.replace(SCRAPED_BY, '').trim().replace(/\s+/gu, ' ');
}

/**
 * The `basic` merchant normalisation rule: the key two brand strings must share to be one merchant.
 * In order:
 * 1. Unicode NFKC (full-width and compatibility forms to their plain form), Amazon's `by` + line
 *    break prefix removed;
 * 2. case folded (upper- then lower-case, so `ß` folds with `SS`; final sigma as sigma);
 * 3. accents on Latin letters removed (`Nestlé` = `Nestle`; other scripts keep their marks);
 * 4. apostrophes and dots removed (`Applebee's` = `Applebees`, `L.L.Bean` = `LL Bean`);
 * 5. `&` read as the word `and` (`Barnes & Noble` = `Barnes and Noble`);
 * 6. split into words at every run of other characters (spaces, punctuation, symbols);
 * 7. a leading `the` dropped (`The Home Depot` = `Home Depot`);
 * 8. legal forms ({@link LEGAL_SUFFIXES}: Inc, Corp, Corporation, Co, Company, LLC, Ltd, GmbH, ...)
 *    dropped from the end, repeatedly, each with an `and` left dangling before it
 *    (`Smith & Co., Ltd.` = `Smith`);
 * 9. the words joined without spaces (`Harper Collins` = `HarperCollins`), then Chinese and
 *    Japanese legal forms (有限公司, 股份有限公司, 株式会社, ...) cut from the end (株式会社 also from
 *    the start) unless nothing would be left.
 *
 * Steps 7 and 8 never remove the last word (`Company` stays `company`). A name with no letter or
 * digit has the empty key (the adapters treat it as no brand). Deterministic and locale-free.
 *
 * @example basicMerchantKey('Meredith Corporation') // 'meredith' (as basicMerchantKey('Meredith'))
 * @example basicMerchantKey("Bloomin' Brands, Inc.") // 'bloominbrands'
 */
export function basicMerchantKey(raw: string): string {
  let s = raw.normalize('NFKC').replace(SCRAPED_BY, '');
  s = s.toUpperCase().toLowerCase().replace(/ς/gu, 'σ');
  s = s.normalize('NFD').replace(/(\p{Script=Latin})\p{M}+/gu, '$1').normalize('NFC');
  s = s.replace(JOINING, '').replace(/&/gu, ' and ');
  const words = s.split(SEPARATOR).filter((w) => w.length > 0);
  if (words.length > 1 && words[0] === 'the') words.shift();
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) {
    words.pop();
    if (words.length > 1 && words[words.length - 1] === 'and') words.pop();
  }
  let key = words.join('');
  for (const suffix of CJK_LEGAL_SUFFIXES) {
    if (key.length > suffix.length && key.endsWith(suffix)) key = key.slice(0, key.length - suffix.length);
  }
  if (key.length > CJK_LEGAL_PREFIX.length && key.startsWith(CJK_LEGAL_PREFIX)) key = key.slice(CJK_LEGAL_PREFIX.length);
  return key;
}
