import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { CsvParser, CsvSyntaxError, type CsvRow } from '../../src/io/csv-parser.js';
import { readCsvRows } from '../../src/io/csv-rows.js';
import { loadEvents } from '../../src/io/load-entity.js';
import { firstInvalidUtf8, incompleteTail } from '../../src/io/utf8.js';
import { tempDirWith } from './tmp-dir.js';

/** Parses `text` in the given pieces and returns [line, cells] per row. */
function parse(pieces: readonly string[], quote: string | null = '"'): Array<[number, string[]]> {
  const p = new CsvParser(',', quote);
  const rows: CsvRow[] = [];
  for (const piece of pieces) rows.push(...p.push(piece));
  rows.push(...p.end());
  return rows.map((r) => [r.line, r.cells]);
}

/** The rows of `text` parsed whole, and the same for every split into two pieces (chunk boundaries change nothing). */
function rowsAtEverySplit(text: string): Array<[number, string[]]> {
  const whole = parse([text]);
  for (let cut = 0; cut <= text.length; cut++) expect(parse([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual(whole);
  return whole;
}

describe('CsvParser (RFC 4180, with the conventions the loaders have always had)', () => {
  // Expected rows as the former parser (fast-csv 5, headers: false, ignoreEmpty: false) gave them,
  // with its empty rows for blank lines dropped as readCsvRows always did.
  const cases: Array<[string, Array<[number, string[]]>]> = [
    ['a,b\n\n1,2\n', [[1, ['a', 'b']], [3, ['1', '2']]]],
    ['a,b\n \n1,2', [[1, ['a', 'b']], [3, ['1', '2']]]],
    ['a,b\r\n1,2\r\n\r\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['a,b\n,\n', [[1, ['a', 'b']], [2, ['', '']]]],
    ['a,b\n1,x"y"z\n', [[1, ['a', 'b']], [2, ['1', 'x"y"z']]]],
    ['a,b\n"1"  ,2\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['a,b\n"1\n2",3\n4,5', [[1, ['a', 'b']], [2, ['1\n2', '3']], [4, ['4', '5']]]],
    ['a,b\r"1\r\n2",3\r4,5\r', [[1, ['a', 'b']], [2, ['1\r\n2', '3']], [4, ['4', '5']]]],
    ['a\n1,2,3\n', [[1, ['a']], [2, ['1', '2', '3']]]],
    ['a,b\n"x""y",2\n', [[1, ['a', 'b']], [2, ['x"y', '2']]]],
    ['a,b\n  "x",2\n', [[1, ['a', 'b']], [2, ['x', '2']]]],
    ['a,b\n1, b \n', [[1, ['a', 'b']], [2, ['1', ' b ']]]],
    ['a,b\n\t\n1,2', [[1, ['a', 'b']], [3, ['1', '2']]]],
    ['a,b\n"",2', [[1, ['a', 'b']], [2, ['', '2']]]],
    ['a,b\n1,2,', [[1, ['a', 'b']], [2, ['1', '2', '']]]],
    ['a\n""\n', [[1, ['a']], [2, ['']]]],
    ['', []],
  ];

  it('parses quoting, line ends, blank lines and white space as the loaders always have, whatever the chunking', () => {
    for (const [text, rows] of cases) expect(rowsAtEverySplit(text), JSON.stringify(text)).toEqual(rows);
  });

  it('keeps quotes as characters when quoting is off', () => {
    expect(parse(['a,"b\n"1,2"\n'], null)).toEqual([
      [1, ['a', '"b']],
      [2, ['"1', '2"']],
    ]);
  });

  it('reports broken quoting with the line where the broken row starts', () => {
    const attempt = (text: string): CsvSyntaxError => {
      try {
        parse([text]);
      } catch (error) {
        return error as CsvSyntaxError;
      }
      throw new Error('no error');
    };
    expect(attempt('a,b\n1,2\n"x"y,2\n')).toMatchObject({ line: 3, reason: 'unexpected "y" after a closing quote' });
    expect(attempt('a,b\n"x\n\n,2\n')).toMatchObject({ line: 2, reason: 'a quoted field is never closed' });
  });
});

describe('strict UTF-8', () => {
  it('finds the first invalid byte: stray continuation, bad lead, overlong, surrogate, cut-off sequence', () => {
    const at = (...bytes: number[]): number => firstInvalidUtf8(Uint8Array.from(bytes));
    expect(at(0x61, 0xc3, 0xa9, 0xe4, 0xbd, 0xa0, 0xf0, 0x9f, 0x8e, 0x92)).toBe(-1); // a é 你 🎒
    expect(at(0x61, 0x80)).toBe(1);
    expect(at(0x61, 0xff, 0x62)).toBe(1);
    expect(at(0xc0, 0xaf)).toBe(0); // overlong '/'
    expect(at(0xed, 0xa0, 0x80)).toBe(0); // a UTF-16 surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // above U+10FFFF
    expect(at(0x61, 0xe4, 0xbd)).toBe(1); // cut off
    expect(incompleteTail(Uint8Array.from([0x61, 0xe4, 0xbd]))).toBe(2);
    expect(incompleteTail(Uint8Array.from([0x61, 0xe4, 0xbd, 0xa0]))).toBe(0);
  });

  // Fuzz finding 3: "u\xff1" and "u\xfe1" were both read as "u\uFFFD1", one user instead of two.
  const header = Buffer.from('userId,productId,type,timestamp\n');
  const rows = Buffer.concat([
    header,
    Buffer.from('u1,p1,view,2026-06-01T08:30:00Z\n'),
    Buffer.from([0x75, 0xff, 0x31]),
    Buffer.from(',p1,view,2026-06-01T08:31:00Z\n'),
    Buffer.from([0x75, 0xfe, 0x31]),
    Buffer.from(',p1,view,2026-06-01T08:32:00Z\n'),
  ]);

  it('fail mode refuses a row with invalid UTF-8, naming file, line and field', async () => {
    const path = join(await tempDirWith({ 'events.csv': rows }), 'events.csv');
    const error = await loadEvents(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ source: path, line: 3, field: 'userId', value: 'u\uFFFD1' });
    expect((error as ValidationError).message).toContain(`events.csv:3: field "userId"`);
    expect((error as ValidationError).message).toContain('invalid UTF-8 (byte 0xff at byte offset 65 of the file)');
  });

  it('collect mode rejects both rows and loads neither id', async () => {
    const path = join(await tempDirWith({ 'events.csv': rows }), 'events.csv');
    const r = await loadEvents(path, { mode: 'collect' });
    expect(r.records.map((e) => e.userId)).toEqual(['u1']);
    expect(r.rejected.map((x) => [x.line, x.issues[0]!.field])).toEqual([
      [3, 'userId'],
      [4, 'userId'],
    ]);
    expect(r.count).toMatchObject({ rows: 3, loaded: 1, rejected: 2 });
  });

  it('finds invalid bytes split across read chunks and inside quoted fields spanning lines', async () => {
    // 64 KiB chunks: put a two-byte sequence across the first boundary and a bad byte after it.
    const pad = 'x'.repeat(65_536 - header.length - 'u1,p1,view,"'.length - 1);
    const text = Buffer.concat([
      header,
      Buffer.from(`u1,p1,view,"${pad}`),
      Buffer.from([0xc3, 0xa9]), // é across the boundary: valid
      Buffer.from('\nline two '),
      Buffer.from([0xc3]), // a lead byte without its continuation
      Buffer.from('"\n'),
    ]);
    const path = join(await tempDirWith({ 'events.csv': text }), 'events.csv');
    const error = await (async () => {
      for await (const row of readCsvRows(path)) void row;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ line: 3, field: 'column 4' });
    const flagged: CsvRow[] = [];
    for await (const row of readCsvRows(path, { invalidUtf8: 'flag' })) flagged.push(row);
    expect(flagged[1]!.invalidUtf8).toMatchObject({ column: 3, line: 3 });
    expect(flagged[1]!.cells[3]).toBe(`${pad}é\nline two \uFFFD`);
  });

  it('latin1 files are read byte for byte, with no UTF-8 check', async () => {
    const path = join(await tempDirWith({ 'u.csv': Buffer.from([0x61, 0x2c, 0xe9, 0x0a]) }), 'u.csv');
    const out: string[][] = [];
    for await (const row of readCsvRows(path, { encoding: 'latin1' })) out.push(row.cells);
    expect(out).toEqual([['a', 'é']]);
  });
});
