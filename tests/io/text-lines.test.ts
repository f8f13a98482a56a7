import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { jsonKeyBefore } from '../../src/io/json-lines.js';
import { loadEvents } from '../../src/io/load-entity.js';
import { readTextLines, type TextLine } from '../../src/io/text-lines.js';
import { tempDirWith } from './tmp-dir.js';

async function lines(bytes: Uint8Array | string, name = 'f.txt'): Promise<TextLine[]> {
  const path = join(await tempDirWith({ [name]: bytes }), name);
  const out: TextLine[] = [];
  for await (const l of readTextLines(path, { invalidUtf8: 'flag' })) out.push(l);
  return out;
}

describe('readTextLines', () => {
  it('ends lines at LF, CRLF and CR, keeps blank lines, drops a byte-order mark', async () => {
    const got = await lines('\ufeffa\r\nb\rc\n\nd');
    expect(got.map((l) => [l.line, l.text])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, ''],
      [5, 'd'],
    ]);
  });

  it('handles a CRLF split across read chunks and a line longer than a chunk', async () => {
    // The stream reads 64 KiB at a time: the CR is the last byte of the first chunk.
    const long = 'x'.repeat(65_535);
    const got = await lines(`${long}\r\nnext\n${'y'.repeat(200_000)}\nlast`);
    expect(got.map((l) => [l.line, l.text.length])).toEqual([
      [1, 65_535],
      [2, 4],
      [3, 200_000],
      [4, 4],
    ]);
  });

  it('flags invalid UTF-8 with the position in the line, or throws naming the line', async () => {
    const bytes = Buffer.concat([Buffer.from('ok\nab'), Buffer.from([0xe4, 0x41]), Buffer.from('cd\n')]);
    const got = await lines(bytes);
    expect(got[1]).toMatchObject({ line: 2, text: 'ab\uFFFDAcd', invalidUtf8: { at: 2 } });
    expect(got[1]!.invalidUtf8!.reason).toContain('byte 0xe4 at byte offset 5');
    const path = join(await tempDirWith({ 'g.txt.gz': gzipSync(bytes) }), 'g.txt.gz');
    const error = await (async () => {
      for await (const l of readTextLines(path)) void l;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('g.txt.gz:2: record: invalid UTF-8');
  });
});

describe('invalid UTF-8 in JSON files (fuzz finding 3)', () => {
  const ndjson = Buffer.concat([
    Buffer.from('{"userId":"u1","productId":"p1","type":"view","timestamp":0}\n{"userId":"u'),
    Buffer.from([0xff]),
    Buffer.from('1","productId":"p1","type":"view","timestamp":0}\n{"userId":"u'),
    Buffer.from([0xfe]),
    Buffer.from('1","productId":"p1","type":"view","timestamp":0}\n'),
  ]);

  it('NDJSON: the lines are bad rows naming line and key; the two ids are not merged', async () => {
    const path = join(await tempDirWith({ 'events.ndjson': ndjson }), 'events.ndjson');
    const r = await loadEvents(path, { mode: 'collect' });
    expect(r.records.map((e) => e.userId)).toEqual(['u1']);
    expect(r.rejected.map((x) => [x.line, x.issues[0]!.field])).toEqual([
      [2, 'userId'],
      [3, 'userId'],
    ]);
    const error = (await loadEvents(path).catch((e: unknown) => e)) as ValidationError;
    expect(error.message).toContain('events.ndjson:2: field "userId"');
    expect(error.message).toContain('invalid UTF-8');
  });

  it('a JSON array file is refused, naming the line and the key', async () => {
    const bytes = Buffer.concat([Buffer.from('[\n {"userId":"u1","productId":"p1","type":"view","timestamp":0},\n {"userId":"u'), Buffer.from([0xff]), Buffer.from('1"}\n]')]);
    const path = join(await tempDirWith({ 'events.json': bytes }), 'events.json');
    const error = (await loadEvents(path, { mode: 'collect' }).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0]).toMatchObject({ line: 3, field: 'userId' });
  });

  it('jsonKeyBefore names the member a position falls in', () => {
    expect(jsonKeyBefore('{"a":1,"userId":"u', 18)).toBe('userId');
    expect(jsonKeyBefore('{"a\\"b":"x', 10)).toBe('a"b');
    expect(jsonKeyBefore('["x', 3)).toBe('');
  });
});
