/**
 * Speed of the product text index build (what every fit with the content or trending signal pays
 * once per fit, through the recommender's TextIndexCache) and of tokenising its fields alone, on two
 * catalogues of 100k products: the synthetic marketplace generator's (templated bilingual titles
 * and descriptions, as many real catalogues are) and the same products with every title,
 * description and tag list made unique (a model code in Latin letters and one in Han characters),
 * so no memo of repeated text helps. "Plain" is the plain `Intl.Segmenter` path with no memo
 * (`tokenizeWithSegmenter`, `ProductTextIndex.build(..., { plain: true })`): the tokeniser as it
 * was before the fast path, run on the first 25k products only (its cost is linear). "Fast" is the
 * default path, from cold memos each run. Both builds make their postings in one pass at the end
 * (the plain build of commit 09fbfbd grew two typed arrays per term instead, slower still), and
 * both give the same index (checked here on the 25k).
 */
import type { Product } from '../src/schema/entities.js';
import { generateMarketplace } from '../src/simulation/index.js';
import { ProductTextIndex } from '../src/text/product-text-index.js';
import { TokenizerConfigSchema, clearTokenizerMemos, tokenizeWith, tokenizeWithSegmenter, type TokenizerConfig } from '../src/text/tokenizer.js';
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';
import { measure, medianTiming, type Timing } from './_timing.js';

/** Products per catalogue (fast path). */
export const PRODUCTS = 100_000;
/** Products the plain path runs on (the first ones of each catalogue). */
export const PLAIN_PRODUCTS = 25_000;
const FAST_REPS = 3;

type Tokenise = (cfg: TokenizerConfig, text: string) => string[];

/** Base-`n` digits of `i` mapped through `alphabet` (a unique code per i). */
function code(i: number, alphabet: readonly string[]): string {
  let s = '';
  let k = i;
  do {
    s += alphabet[k % alphabet.length]!;
    k = Math.floor(k / alphabet.length);
  } while (k > 0);
  return s;
}

const LATIN = 'bcdfghjklmnpqrstvwxz'.split('');
const HAN = Array.from({ length: 200 }, (_, k) => String.fromCodePoint(0x5f00 + k * 7));

/** The products with every title, description and tag list made unique. */
function uniqueTexts(products: readonly Product[]): Product[] {
  return products.map((p, i) => {
    const latin = `${code(i, LATIN)}${i % 97}`;
    const han = code(i, HAN);
    return {
      ...p,
      title: `${p.title} ${latin} ${han}`,
      description: `${p.description} Model ${latin}, ${han}款。`,
      tags: [...p.tags, latin],
    };
  });
}

/** Tokenises the four indexed fields of every product; returns the number of terms. */
function tokeniseAll(products: readonly Product[], tokenise: Tokenise, cfg: TokenizerConfig): number {
  let terms = 0;
  for (const p of products) {
    terms += tokenise(cfg, p.title).length;
    terms += tokenise(cfg, p.tags.join(' | ')).length;
    terms += tokenise(cfg, p.category).length;
    terms += tokenise(cfg, p.description).length;
  }
  return terms;
}

/** True when two indexes hold the same terms with the same ids and the same documents. */
function sameIndex(a: ProductTextIndex, b: ProductTextIndex): boolean {
  if (a.terms.size !== b.terms.size || a.capacity !== b.capacity) return false;
  for (let t = 0; t < a.terms.size; t++) if (a.terms.termAt(t) !== b.terms.termAt(t)) return false;
  for (let d = 0; d < a.capacity; d++) {
    const x = a.docTerms(d);
    const y = b.docTerms(d);
    if (x === undefined || y === undefined) return x === y;
    if (x.terms.length !== y.terms.length || a.docLength(d) !== b.docLength(d)) return false;
    for (let k = 0; k < x.terms.length; k++) if (x.terms[k] !== y.terms[k] || x.tf[k] !== y.tf[k]) return false;
  }
  return true;
}

/** Fast-path timings from cold memos, median of FAST_REPS. */
function coldMedian(fn: () => void): Timing {
  const runs: Timing[] = [];
  for (let r = 0; r < FAST_REPS; r++) {
    clearTokenizerMemos();
    runs.push(measure(fn));
  }
  return medianTiming(runs);
}

const rate = (n: number, ms: number): string => Math.round((n * 1000) / ms).toLocaleString('en-US');

/** Runs the benchmark; returns the Markdown section. */
export async function run(): Promise<string> {
  const cfg = TokenizerConfigSchema.parse({});
  const market = generateMarketplace({ seed: 11, users: 1, eventsPerUser: 1, products: PRODUCTS, merchants: 2_000 }).products;
  const catalogues: Array<[string, Product[]]> = [
    ['marketplace generator', market],
    ['unique texts', uniqueTexts(market)],
  ];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const [name, products] of catalogues) {
    const head = products.slice(0, PLAIN_PRODUCTS);
    const plainTok = measure(() => tokeniseAll(head, tokenizeWithSegmenter, cfg));
    const fastTok = coldMedian(() => tokeniseAll(products, tokenizeWith, cfg));
    let plainIndex: ProductTextIndex | undefined;
    const plainBuild = measure(() => {
      plainIndex = ProductTextIndex.build(head, {}, { plain: true });
    });
    const fastBuild = coldMedian(() => ProductTextIndex.build(products));
    const same = plainIndex !== undefined && sameIndex(plainIndex, ProductTextIndex.build(head));
    notes.push(`${name}: ${same ? 'identical' : 'DIFFERENT'} index from both paths on the first ${PLAIN_PRODUCTS.toLocaleString('en-US')} products`);
    for (const [stage, plain, fast] of [
      ['tokenise 4 fields', plainTok, fastTok],
      ['build ProductTextIndex', plainBuild, fastBuild],
    ] as const) {
      const plainRate = (PLAIN_PRODUCTS * 1000) / plain.cpuMs;
      const fastRate = (PRODUCTS * 1000) / fast.cpuMs;
      rows.push([
        name,
        stage,
        rate(PLAIN_PRODUCTS, plain.cpuMs),
        rate(PRODUCTS, fast.cpuMs),
        `${(fastRate / plainRate).toFixed(1)}x`,
        ((PRODUCTS / plainRate)).toFixed(2),
        (fast.cpuMs / 1000).toFixed(2),
      ]);
    }
  }
  return [
    '## Product text index build',
    '',
    `Products per second of process CPU time (the machine is shared). Plain: the \`Intl.Segmenter\` path with no memo, as before the fast path, on the first ${PLAIN_PRODUCTS.toLocaleString('en-US')} products, once. Fast: the default path on ${PRODUCTS.toLocaleString('en-US')} products, median of ${FAST_REPS} runs each from cold memos. The 100k columns are CPU seconds (plain extrapolated from its rate). Tokenise = title, tags, category and description of every product through the tokeniser; build = \`ProductTextIndex.build\` (what a fit pays once for content and trending). Unique texts: every title, description and tag list carries a unique Latin and Han model code, so no memo of repeated text or stems can help.`,
    '',
    markdownTable(['catalogue', 'stage', 'plain products/s', 'fast products/s', 'speed-up', 'plain s / 100k', 'fast s / 100k'], rows),
    '',
    `Same terms: ${notes.join('; ')}.`,
    '',
    caption('node --import tsx benchmarks/text-index.ts'),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
