import { createReadStream } from 'node:fs';
import { join } from 'node:path';

/** The two files of a Book-Crossing directory. */
export interface BookCrossingFiles {
  /** `BX-Books.csv`: ISBN, Book-Title, Book-Author, Year-Of-Publication, Book-Publisher (or Publisher). */
  readonly books: string;
  /** `BX-Ratings.csv` (the preprocessed subsets) or `BX-Book-Ratings.csv` (the original dump): User-ID, ISBN, Book-Rating. */
  readonly ratings: string;
}

/** Names of the ratings file, in order of preference. */
const RATINGS_NAMES = ['BX-Ratings.csv', 'BX-Book-Ratings.csv'] as const;

/**
 * The Book-Crossing files among `names` (the entries of `dir`): `BX-Books.csv` and
 * `BX-Ratings.csv` or `BX-Book-Ratings.csv`; `undefined` when either is missing.
 */
export function findBookCrossingFiles(dir: string, names: readonly string[]): BookCrossingFiles | undefined {
  if (!names.includes('BX-Books.csv')) return undefined;
  const ratings = RATINGS_NAMES.find((n) => names.includes(n));
  return ratings === undefined ? undefined : { books: join(dir, 'BX-Books.csv'), ratings: join(dir, ratings) };
}

/**
 * The text encoding of a file: `utf8` when every byte sequence in it is valid UTF-8 (plain ASCII
 * included), else `latin1` (the original Book-Crossing dump is ISO-8859-1). Reads the whole file.
 */
export async function detectTextEncoding(path: string): Promise<'utf8' | 'latin1'> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return 'utf8';
  } catch (error) {
    if (error instanceof TypeError) return 'latin1';
    throw error;
  } finally {
    stream.destroy();
  }
}

/**
 * The field separator of a Book-Crossing file from its header line: `;` when the header splits
 * into more fields on `;` than on `,` (the original dump: `"ISBN";"Book-Title";...`), else `,`.
 */
export function bookCrossingSeparator(header: string): ';' | ',' {
  return header.split(';').length > header.split(',').length ? ';' : ',';
}

const ENTITIES = new Map([
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
  ['lt', '<'],
  ['gt', '>'],
]);

/**
 * Decodes the HTML entities the Book-Crossing dump carries in titles and publishers (`&amp;`,
 * `&quot;`, `&apos;`, `&lt;`, `&gt;`, `&#39;`, `&#x27;`); others are left as they are.
 *
 * @example decodeHtmlEntities('Simon &amp; Schuster') // 'Simon & Schuster'
 */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/giu, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES.get(body.toLowerCase()) ?? whole;
  });
}
