import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../src/dataset/id-index.js';
import { _pairPerUser } from '../../src/evaluation/runner/pair-users.js';
import { DataError } from '../../src/errors.js';
import { ENTITY_SPECS } from '../../src/io/entity-specs.js';
import { finishRecord } from '../../src/io/finish-record.js';
import { readJsonLines } from '../../src/io/json-lines.js';
import { RecordSink, type RowPlace, type RowProblem } from '../../src/io/record-sink.js';
import { assembleMarketplace } from '../../src/schema/marketplace-data.js';
import { TermDictionary } from '../../src/text/term-dictionary.js';
import { tempDirWith } from './tmp-dir.js';

// The pieces that used to be written twice (NDJSON loop, record finishing, marketplace assembly,
// per-user pairing, id dictionary) now live once; these tests pin each piece's own behaviour.

describe('readJsonLines', () => {
  it('yields parsed values with index and line, skips blanks and rejects non-JSON lines', async () => {
    const dir = await tempDirWith({ 'x.jsonl': '{"a":1}\n\n{"a":\n[2]\n' });
    const rejected: [unknown, RowPlace, readonly RowProblem[]][] = [];
    const out: [unknown, RowPlace][] = [];
    for await (const { value, place } of readJsonLines(join(dir, 'x.jsonl'), { reject: (raw, p, problems) => void rejected.push([raw, p, problems]) })) {
      out.push([value, place]);
    }
    expect(out).toEqual([
      [{ a: 1 }, { index: 0, line: 1 }],
      [[2], { index: 2, line: 4 }],
    ]);
    expect(rejected.map(([raw, p]) => [raw, p])).toEqual([['{"a":', { index: 1, line: 3 }]]);
    expect(rejected[0]![2][0]!.reason).toMatch(/^invalid JSON \(/);
  });
});

describe('finishRecord', () => {
  it('accepts a valid record, rejects one with earlier problems without running prepare', () => {
    const spec = ENTITY_SPECS.merchants;
    const sink = new RecordSink(spec.schema, spec.entity, 'm.csv', 'collect');
    finishRecord(sink, spec, { id: 'm1', name: 'Shop' }, { index: 0, line: 2 }, []);
    finishRecord(sink, spec, { id: 'm2', name: 'x' }, { index: 1, line: 3 }, [{ field: 'name', reason: 'too long' }]);
    expect(sink.records.map((m) => m.id)).toEqual(['m1']);
    expect(sink.rejected.map((r) => [r.line, r.issues[0]!.field, r.issues[0]!.reason])).toEqual([[3, 'name', 'too long']]);
  });
});

describe('assembleMarketplace', () => {
  it('puts each entity\'s records into data and its rejections alongside', () => {
    const bad = [{ index: 0, raw: {}, issues: [] }];
    const r = assembleMarketplace({
      products: { records: [], rejected: bad },
      merchants: { records: [{ id: 'm', name: 'M' }], rejected: [] },
      events: { records: [], rejected: [] },
      topics: { records: [], rejected: [] },
    });
    expect(r.data.merchants.map((m) => m.id)).toEqual(['m']);
    expect(r.rejected.products).toBe(bad);
    expect(r.rejected.events).toEqual([]);
  });
});

describe('_pairPerUser', () => {
  it('pairs by user id in the order of the first list, skipping users missing from the second', () => {
    expect(_pairPerUser([0.1, 0.2, 0.3], [0.9, 0.7], ['a', 'b', 'c'], ['c', 'a'])).toEqual([
      [0.1, 0.3],
      [0.7, 0.9],
    ]);
    expect(_pairPerUser([1, 2], [3, 4])).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => _pairPerUser([1, 2], [3])).toThrow(DataError);
    expect(() => _pairPerUser([1, 2], [3], ['a'], ['a'])).toThrow(/do not match/);
  });
});

describe('TermDictionary is an IdIndex', () => {
  it('keeps its own names over the shared index', () => {
    const d = TermDictionary.from(['red', 'appl', 'red']);
    expect(d).toBeInstanceOf(TermDictionary);
    expect(d).toBeInstanceOf(IdIndex);
    expect([d.size, d.idOf('appl'), d.indexOf('appl'), d.idOf('blue'), d.termAt(0), d.add('blue'), d.termAt(2)]).toEqual([2, 1, 1, -1, 'red', 2, 'blue']);
    expect(() => d.termAt(3)).toThrow(RangeError);
  });
});
