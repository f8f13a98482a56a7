/**
 * Regression tests of the fuzz findings on the schemas and the error messages (issue 15): each
 * failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { createRecommender } from '../../src/engine/recommender.js';
import { ValidationError, formatIssue, previewValue } from '../../src/errors.js';
import { EventSchema, HeatObservationSchema, MAX_EVENT_WEIGHT, MAX_HEAT_COUNT, TopicSchema } from '../../src/schema/entities.js';
import { validateMarketplace } from '../../src/schema/marketplace-data.js';
import { validateRecord } from '../../src/schema/validate.js';

/** An array nested `depth` deep around 'x' (10 kB of JSON at 5,000). */
function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

const products = [{ id: 'p1', merchantId: 'm1', title: 'Backpack' }];
const events = [{ userId: 'u1', productId: 'p1', type: 'view', timestamp: 0 }];

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('finding 1: values nested 5,000 deep give a clear error, not a stack overflow', () => {
  it('previewValue renders any depth in bounded size, and cycles', () => {
    expect(previewValue(nested(100_000))).toBe('[[[[...]]]]');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(previewValue(cyclic)).toBe('{"a":1,"self":{"a":1,"self":{"a":1,"self":{...}}}}');
    expect(previewValue('yesterday')).toBe('"yesterday"');
    expect(previewValue([1, Number.NaN, -Infinity])).toBe('[1,NaN,-Infinity]');
    expect(previewValue({ when: new Date(0) })).toBe('{"when":"1970-01-01T00:00:00.000Z"}');
    expect(previewValue(Array.from({ length: 12 }, (_, i) => i))).toBe('[0,1,2,3,4,5,6,7,8,9,...]');
    expect(previewValue('x'.repeat(500))).toHaveLength(200);
  });

  it('fit, observe and request topics throw a ValidationError naming the field', () => {
    const deep = nested(5000);
    const fit = thrown(() => createRecommender().fit({ products, events: [{ ...events[0]!, surface: deep } as never] }));
    expect(fit).toBeInstanceOf(ValidationError);
    expect((fit as ValidationError).message).toBe('events[0]: field "surface" (got [[[[...]]]]): expected a string');
    const rec = createRecommender({ signals: [{ type: 'popularity', weight: 1 }] }).fit({ products, events });
    const observe = thrown(() => rec.observe({ events: [{ ...events[0]!, sessionId: deep } as never] }));
    expect((observe as ValidationError).issues[0]).toMatchObject({ source: 'observe.events', field: 'sessionId' });
    const topics = thrown(() => rec.recommend('u1', { topics: [{ id: 't', text: deep } as never] }));
    expect((topics as ValidationError).issues[0]).toMatchObject({ source: 'recommend.topics', field: 'text', reason: 'expected a string' });
  });
});

describe('finding 2: a product or merchant id given twice is refused, not silently dropped', () => {
  it('fail mode names both positions', () => {
    const error = thrown(() => validateMarketplace({ products: [...products, { id: 'p2', merchantId: 'm1', title: 'Cap' }, { ...products[0]!, title: 'Again' }], events }));
    expect((error as ValidationError).message).toBe('products[2]: field "id" (got "p1"): duplicate product id (the first is at products[0]; ids must be unique)');
    const merchants = thrown(() => createRecommender().fit({ products, merchants: [{ id: 'm1' }, { id: 'm1', name: 'twice' }], events }));
    expect((merchants as ValidationError).issues[0]).toMatchObject({ source: 'merchants', index: 1, field: 'id', value: 'm1' });
  });

  it('collect mode keeps the first and rejects the others, positions as in the input', () => {
    const r = validateMarketplace(
      { products: [{ id: 'p0', merchantId: 'm1', title: '' }, ...products, { ...products[0]!, title: 'Again' }], events },
      'collect',
    );
    expect(r.data.products.map((p) => p.title)).toEqual(['Backpack']);
    expect(r.rejected.products.map((x) => [x.index, x.issues[0]!.field])).toEqual([
      [0, 'title'],
      [2, 'id'],
    ]);
  });
});

describe('finding 8: event weights and topic heat have a documented maximum', () => {
  it('refuses a weight of 1e308 and a heat count of 1e308, accepts the maximum', () => {
    const weight = validateRecord(EventSchema, { ...events[0]!, weight: 1e308 }, { source: 'events', index: 0 });
    expect(weight.ok ? [] : weight.issues.map(formatIssue)).toEqual(['events[0]: field "weight" (got 1e+308): weight above the maximum of 1000000']);
    expect(validateRecord(EventSchema, { ...events[0]!, weight: MAX_EVENT_WEIGHT }, { source: 'e' }).ok).toBe(true);
    expect(validateRecord(EventSchema, { ...events[0]!, weight: '2e6' }, { source: 'e' }).ok).toBe(false);
    const heat = validateRecord(HeatObservationSchema, { timestamp: 0, count: 1e308 }, { source: 'topics' });
    expect(heat.ok ? '' : heat.issues[0]!.reason).toBe('count above the maximum of 1000000000000');
    expect(validateRecord(HeatObservationSchema, { timestamp: 0, count: MAX_HEAT_COUNT }, { source: 't' }).ok).toBe(true);
  });

  it('no Infinity reaches a fitted history: the fit refuses the event', () => {
    const error = thrown(() => createRecommender().fit({ products, events: [{ ...events[0]!, weight: 1e308 }] }));
    expect((error as ValidationError).issues[0]).toMatchObject({ field: 'weight', reason: 'weight above the maximum of 1000000' });
  });
});

describe('finding 10: messages say what is wrong', () => {
  it('a topic text over 2,000 characters says it is too long and the limit', () => {
    const r = validateRecord(TopicSchema, { id: 't', text: 'x'.repeat(2001) }, { source: 'topics', index: 0 });
    expect(r.ok ? '' : r.issues[0]!.reason).toBe('longer than 2000 characters (the limit of a topic text)');
    const wrongType = validateRecord(TopicSchema, { id: 't', text: 42 }, { source: 'topics', index: 0 });
    expect(wrongType.ok ? '' : wrongType.issues[0]!.reason).toBe('expected a string');
  });

  it('surface, session and region name their limits too', () => {
    const r = validateRecord(EventSchema, { ...events[0]!, surface: 's'.repeat(201), sessionId: 5 }, { source: 'events' });
    expect(r.ok ? [] : r.issues.map((i) => `${i.field}: ${i.reason}`)).toEqual(['surface: longer than 200 characters', 'sessionId: expected a string']);
  });
});
