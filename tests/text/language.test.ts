import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecommenderConfig } from '../../src/engine/config.js';
import { createRecommender } from '../../src/engine/recommender.js';
import { ConfigError } from '../../src/errors.js';
import { ENGLISH, LANGUAGES, languageTools, loadLanguage } from '../../src/text/language.js';
import { createTokenizer } from '../../src/text/tokenizer.js';

const ROOT = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
/** natural's English Porter stemmer (a devDependency: the reference the built-in stemmer is checked against). */
const naturalPorter = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

/** The Latin-script words the tokeniser would stem in the fixtures, docs and README (stemming and stop words off). */
async function vocabulary(): Promise<Set<string>> {
  const words = createTokenizer({ stemming: false, stopWords: false, hanBigrams: false });
  const files = [
    ...(await readdir(join(ROOT, 'fixtures/marketplace'))).map((f) => join(ROOT, 'fixtures/marketplace', f)),
    ...(await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f)),
    join(ROOT, 'README.md'),
  ];
  const out = new Set<string>();
  for (const file of files) {
    for (const w of words(await readFile(file, 'utf8'))) if (ENGLISH.stems(w)) out.add(w.replaceAll("'", ''));
  }
  return out;
}

describe('English stemming', () => {
  it('gives natural\'s Porter stems on every word of the fixtures, docs and README', async () => {
    const vocab = await vocabulary();
    // The fixtures alone hold about 1,800 distinct words: the check is not vacuous.
    expect(vocab.size).toBeGreaterThan(1500);
    const differ = [...vocab].filter((w) => ENGLISH.stem(w) !== naturalPorter.stem(w));
    expect(differ).toEqual([]);
  });

  it('(control) the comparison sees a difference where natural miscounts a measure after consonant + y + vowel', () => {
    // natural counts "flyov" as measure 1.5 (> 1) and strips -er; Porter's measure of "flyov" is 1.
    expect(naturalPorter.stem('flyover')).toBe('flyov');
    expect(ENGLISH.stem('flyover')).toBe('flyover');
  });

  it('stems as Porter does', () => {
    expect(['running', 'backpacks', 'olympics', 'generalization', 'hopeful', 'relational'].map(ENGLISH.stem)).toEqual([
      'run',
      'backpack',
      'olymp',
      'gener',
      'hope',
      'relat',
    ]);
  });
});

describe('other languages through the optional peer dependency natural', () => {
  it('stems French words and drops French stop words', () => {
    expect(createTokenizer({ language: 'french' })('Chaussures de course pour les enfants')).toEqual(['chaussur', 'cours', 'enfant']);
  });

  it('stems Cyrillic words for Russian, and leaves Latin words as they are', () => {
    const terms = createTokenizer({ language: 'russian' })('Книгами и running');
    expect(terms).toEqual(['книг', 'running']);
  });

  it('English needs nothing from natural; a parsed config keeps the language name (round trip)', () => {
    expect(loadLanguage('english')).toBe(ENGLISH);
    const cfg = parseRecommenderConfig({ signals: [{ type: 'content', weight: 1, text: { tokenizer: { language: 'german' } } }] });
    expect(JSON.stringify(cfg)).toContain('"language":"german"');
    expect(parseRecommenderConfig(JSON.parse(JSON.stringify(cfg)))).toEqual(cfg);
  });

  it('names the key and the allowed values for an unknown language', () => {
    // @ts-expect-error the language is typed too (a config read from a file gets the same message at run time)
    const attempt = (): unknown => createRecommender({ signals: [{ type: 'content', weight: 1, text: { tokenizer: { language: 'klingon' } } }] });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).path).toBe('signals.0.text.tokenizer.language');
      expect((error as ConfigError).message).toContain('expected one of english, dutch, french');
    }
  });

  it('every listed language loads natural\'s own stemmer', () => {
    // The error path (natural not installed: a ConfigError naming the key and `npm install natural`)
    // is exercised by the consumer-project test, whose install has no natural (tests/package/consumer.test.ts).
    const swedish = require('natural/lib/natural/stemmers/porter_stemmer_sv.js') as { stem(word: string): string };
    expect(languageTools('swedish', 'text.tokenizer.language').stem('skorna')).toBe(swedish.stem('skorna'));
    for (const language of LANGUAGES) expect(typeof loadLanguage(language), language).toBe('object');
  });
});
