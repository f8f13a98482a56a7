import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, ValidationError } from '../../src/errors.js';
import { BOOKCROSSING_TIMESTAMP, loadBookCrossing } from '../../src/io/adapters/bookcrossing.js';
import { bookCrossingSeparator, decodeHtmlEntities, detectTextEncoding } from '../../src/io/adapters/bookcrossing-files.js';
import { splitDelimitedLine } from '../../src/io/adapters/delimited-line.js';
import { detectFormat } from '../../src/io/detect-format.js';
import { loadDataset } from '../../src/io/load-dataset.js';
import { tempDirWith } from './tmp-dir.js';

// Comma-separated UTF-8, as the preprocessed subset: quotes only where needed, "" inside quotes.
const BOOKS = [
  'ISBN,Book-Title,Book-Author,Year-Of-Publication,Book-Publisher', // 1
  '0060914068,"Love, Medicine and Miracles",M.D. Bernie S. Siegel,1988,HarperCollins Publishers', // 2: comma in a quoted title
  '0449003787,"\\O\\"" Is for Outlaw""",SUE GRAFTON,2001,Ballantine Books', // 3: the subset's mangled quotes
  '0316769487,The Catcher in the Rye,J.D. Salinger,1991,"Little, Brown"', // 4: comma in a quoted publisher
  '0316666343,The Lovely Bones: A Novel,Alice Sebold,2002,Little Brown & Co', // 5: same publisher, other spelling
  '039592720X,Interpreter of Maladies,Jhumpa Lahiri,1999,Houghton Mifflin Co', // 6
  '039592720x,Interpreter of Maladies,Jhumpa Lahiri,1999,Houghton Mifflin Co', // 7: same ISBN, lower-case check digit
  '0385504209,The Da Vinci Code,Dan Brown,2003,', // 8: no publisher
  '0553280368,"Broken quote,Author,1990,Bantam', // 9: never closed
  '0440234743,The Testament,John Grisham,1999', // 10: a field short
  '', // 11: blank
  '0743418174,Good in Bed,Jennifer Weiner,2002,Simon &amp; Schuster', // 12: HTML entity
  '0399135782,Never Rated,Amy Tan,1991,Putnam Pub Group', // 13: no ratings
].join('\n');

const RATINGS = [
  'User-ID,ISBN,Book-Rating', // 1
  '276744,0060914068,7', // 2
  '276744,0449003787,10', // 3
  '276745,0316769487,8', // 4
  '276745,0316666343,5', // 5
  '276746,039592720x,9', // 6: lower-case x finds the book
  '276746,0385504209,6', // 7
  '276747,0743418174,3', // 8
  '276747,0000000000,8', // 9: ISBN not in the books file
  '276747,0060914068,11', // 10: out of range
  '276747,0060914068,x', // 11: not a number
].join('\n');

describe('Book-Crossing adapter', () => {
  it('parses quoting, commas and entities; publishers are normalised merchants; events carry the constant time', async () => {
    const dir = await tempDirWith({ 'BX-Books.csv': BOOKS, 'BX-Ratings.csv': `${RATINGS}\n` });
    expect(await detectFormat(dir)).toBe('bookcrossing');
    const r = await loadBookCrossing(dir, { mode: 'collect', catalogue: 'all', weights: 'rating' });
    expect(r.format).toBe('bookcrossing');
    expect(r.data.products.map((p) => [p.id, p.title, p.tags, p.merchantId])).toEqual([
      ['0060914068', 'Love, Medicine and Miracles', ['M.D. Bernie S. Siegel'], 'HarperCollins Publishers'],
      ['0449003787', '\\O\\" Is for Outlaw"', ['SUE GRAFTON'], 'Ballantine Books'],
      ['0316769487', 'The Catcher in the Rye', ['J.D. Salinger'], 'Little, Brown'],
      ['0316666343', 'The Lovely Bones: A Novel', ['Alice Sebold'], 'Little, Brown'],
      ['039592720X', 'Interpreter of Maladies', ['Jhumpa Lahiri'], 'Houghton Mifflin Co'],
      ['0385504209', 'The Da Vinci Code', ['Dan Brown'], 'isbn:0385504209'],
      ['0743418174', 'Good in Bed', ['Jennifer Weiner'], 'Simon & Schuster'],
      ['0399135782', 'Never Rated', ['Amy Tan'], 'Putnam Pub Group'],
    ]);
    expect(r.data.merchants.find((m) => m.id === 'isbn:0385504209')).toEqual({ id: 'isbn:0385504209', name: '' });
    expect(r.adapter!.merchantNames!.groups.find((g) => g.merchant === 'Little, Brown')!.spellings).toEqual([
      { raw: 'Little, Brown', products: 1 },
      { raw: 'Little Brown & Co', products: 1 },
    ]);
    expect(r.data.events.map((e) => [e.userId, e.productId, e.weight, e.timestamp])).toEqual([
      ['276744', '0060914068', 7, BOOKCROSSING_TIMESTAMP],
      ['276744', '0449003787', 10, 0],
      ['276745', '0316769487', 8, 0],
      ['276745', '0316666343', 5, 0],
      ['276746', '039592720X', 9, 0],
      ['276746', '0385504209', 6, 0],
      ['276747', '0743418174', 3, 0],
    ]);
    const books = join(dir, 'BX-Books.csv');
    const ratings = join(dir, 'BX-Ratings.csv');
    expect(r.rejected.products.map((x) => [x.issues[0]!.source, x.line, x.issues[0]!.field, x.issues[0]!.reason])).toEqual([
      [books, 9, '', 'a quoted field is never closed on this line (field 2)'],
      [books, 10, '', 'expected 5 columns, got 4'],
    ]);
    expect(r.rejected.events.map((x) => [x.issues[0]!.source, x.line, x.issues[0]!.field, x.issues[0]!.reason])).toEqual([
      [ratings, 9, 'productId', `ISBN not in ${books}`],
      [ratings, 10, 'rating', 'expected an integer rating from 0 to 10'],
      [ratings, 11, 'rating', 'expected an integer rating from 0 to 10'],
    ]);
    expect(r.counts).toEqual([
      { entity: 'products', source: books, rows: 11, loaded: 8, rejected: 2, duplicates: 1 },
      { entity: 'events', source: ratings, rows: 10, loaded: 7, rejected: 3, duplicates: 0 },
    ]);
    expect(r.adapter!.timestamps).toBe('none');
    expect(r.adapter!.syntheticTimestamp).toBe(0);
  });

  it("catalogue 'interacted' (the default) drops the unrated book and its publisher; binary weights by default", async () => {
    const dir = await tempDirWith({ 'BX-Books.csv': BOOKS, 'BX-Ratings.csv': RATINGS });
    const r = await loadDataset(dir, { mode: 'collect' });
    expect(r.data.products.map((p) => p.id)).not.toContain('0399135782');
    expect(r.data.products).toHaveLength(7);
    expect(r.data.merchants.map((m) => m.id)).not.toContain('Putnam Pub Group');
    expect(r.adapter!.catalogue).toEqual({ mode: 'interacted', products: 7, merchants: 6, productsDropped: 1, merchantsDropped: 1 });
    expect(new Set(r.data.events.map((e) => e.weight))).toEqual(new Set([1]));
  });

  it('fails at the first bad row by default, naming file, line, field and reason', async () => {
    const dir = await tempDirWith({ 'BX-Books.csv': BOOKS, 'BX-Ratings.csv': RATINGS });
    const load = loadBookCrossing(dir);
    await expect(load).rejects.toThrow(ValidationError);
    await expect(loadBookCrossing(dir)).rejects.toThrow(`${join(dir, 'BX-Books.csv')}:9: record (got "0553280368,\\"Broken quote,Author,1990,Bantam"): a quoted field is never closed on this line (field 2)`);
  });

  it('reads the original dump: ";"-separated, all quoted, latin-1, BX-Book-Ratings.csv, extra columns, implicit 0 ratings', async () => {
    const books = Buffer.from(
      [
        '"ISBN";"Book-Title";"Book-Author";"Year-Of-Publication";"Publisher";"Image-URL-S"',
        '"3596292646";"Das Buch der lächerlichen Liebe";"Milan Kundera";"2000";"Fischer (Tb.), Frankfurt";"http://x"',
        '"0789466953";"DK Readers: Creating the X-Men (Level 4)\\";"James Buckley";"2000";"DK Publishing Inc";"http://y"',
        '"0156528207";"The Little Prince";"Antoine de Saint-Exupéry";"1968";"Harcourt";"http://z"',
      ].join('\n'),
      'latin1',
    );
    const ratings = Buffer.from(['"User-ID";"ISBN";"Book-Rating"', '"1";"3596292646";"0"', '"2";"0789466953";"8"', '"2";"0156528207";"6"'].join('\n'), 'latin1');
    const dir = await tempDirWith({ 'BX-Books.csv': books, 'BX-Book-Ratings.csv': ratings });
    expect(await detectTextEncoding(join(dir, 'BX-Books.csv'))).toBe('latin1');
    expect(await detectTextEncoding(join(dir, 'BX-Book-Ratings.csv'))).toBe('utf8'); // plain ASCII
    const r = await loadDataset(dir);
    expect(r.format).toBe('bookcrossing');
    expect(r.data.products.map((p) => [p.id, p.title, p.tags[0], p.merchantId])).toEqual([
      ['3596292646', 'Das Buch der lächerlichen Liebe', 'Milan Kundera', 'Fischer (Tb.), Frankfurt'],
      ['0789466953', 'DK Readers: Creating the X-Men (Level 4)\\', 'James Buckley', 'DK Publishing Inc'],
      ['0156528207', 'The Little Prince', 'Antoine de Saint-Exupéry', 'Harcourt'],
    ]);
    // The implicit 0 is an interaction: weight 1 under binary, 0 (no signal) under rating.
    expect(r.data.events.map((e) => e.weight)).toEqual([1, 1, 1]);
    expect((await loadDataset(dir, { weights: 'rating' })).data.events.map((e) => e.weight)).toEqual([0, 8, 6]);
    // The caller's encoding wins: latin-1 bytes read as UTF-8 are refused, never replaced silently
    // (two different ids must not merge into one).
    await expect(loadBookCrossing(dir, { encoding: 'utf8' })).rejects.toThrow(/BX-Books\.csv:2: record: invalid UTF-8 \(byte 0xe4/);
  });

  it('names the missing file or column', async () => {
    const noRatings = await tempDirWith({ 'BX-Books.csv': BOOKS });
    await expect(loadBookCrossing(noRatings)).rejects.toThrow(DataError);
    await expect(loadBookCrossing(noRatings)).rejects.toThrow(`bookcrossing: expected the ratings file (or BX-Book-Ratings.csv) BX-Ratings.csv in ${noRatings} (not found)`);
    const noPublisher = await tempDirWith({ 'BX-Books.csv': 'ISBN,Book-Title,Book-Author,Year\n1,T,A,2000\n', 'BX-Ratings.csv': RATINGS });
    await expect(loadBookCrossing(noPublisher)).rejects.toThrow(
      `${join(noPublisher, 'BX-Books.csv')}:1: field "Book-Publisher": missing required column "Book-Publisher" or "Publisher" (header: ISBN,Book-Title,Book-Author,Year)`,
    );
  });

  it('minUserEvents keeps users with enough ratings, then the catalogue follows', async () => {
    const dir = await tempDirWith({ 'BX-Books.csv': BOOKS, 'BX-Ratings.csv': RATINGS });
    const r = await loadDataset(dir, { mode: 'collect', minUserEvents: 2 });
    // 276747 has one valid rating left (the others were rejected): dropped with it.
    expect(r.adapter!.users).toEqual({ minUserEvents: 2, usersDropped: 1, eventsDropped: 1 });
    expect([...new Set(r.data.events.map((e) => e.userId))]).toEqual(['276744', '276745', '276746']);
    expect(r.data.products.map((p) => p.id)).not.toContain('0743418174');
  });
});

describe('Book-Crossing pieces', () => {
  it.each([
    ['a,b,c', ',', ['a', 'b', 'c']],
    ['a,,c,', ',', ['a', '', 'c', '']],
    ['"a,b",c', ',', ['a,b', 'c']],
    ['"say ""hi""",x', ',', ['say "hi"', 'x']],
    ['"",x', ',', ['', 'x']],
    ['"5\'2"" tall",x', ',', ['5\'2" tall', 'x']],
    ['"ends with \\";"next"', ';', ['ends with \\', 'next']],
    ['"a "quoted" word";b', ';', ['a "quoted" word', 'b']],
    ['un"quoted,b', ',', ['un"quoted', 'b']],
  ] as const)('splits %j on %j', (line, sep, cells) => {
    expect(splitDelimitedLine(line, sep)).toEqual({ cells });
  });

  it('reports a quoted field left open', () => {
    expect(splitDelimitedLine('a,"open', ',')).toEqual({ reason: 'a quoted field is never closed on this line (field 2)' });
    expect(splitDelimitedLine('"', ',')).toEqual({ reason: 'a quoted field is never closed on this line (field 1)' });
  });

  it('takes the separator from the header and decodes the entities the dump carries', () => {
    expect(bookCrossingSeparator('"ISBN";"Book-Title";"Book-Author"')).toBe(';');
    expect(bookCrossingSeparator('ISBN,Book-Title,Book-Author')).toBe(',');
    expect(decodeHtmlEntities('Simon &amp; Schuster &quot;x&quot; &#39;y&#x27; &lt;&gt; &nbsp; &#xD800;')).toBe('Simon & Schuster "x" \'y\' <> &nbsp; &#xD800;');
  });
});
