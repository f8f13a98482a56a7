/**
 * Signal configs are typed (issue 15): a misspelt key of a built-in signal written in a
 * createRecommender call does not compile. The `@ts-expect-error` lines are checked by the type
 * check (`npm run typecheck`, part of `npm test`): if the call compiled, the directive itself
 * would be an error. At run time the same configs are refused by the config parser.
 */
import { describe, expect, it } from 'vitest';
import { createRecommender } from '../../src/engine/recommender.js';
import type { SignalSpec } from '../../src/engine/signal-specs.js';
import { ConfigError } from '../../src/errors.js';

describe('typed signal configs', () => {
  it('a misspelt or wrongly typed key of a built-in signal does not compile, and is refused at run time', () => {
    // @ts-expect-error factorz is not a key of the ials config
    expect(() => createRecommender({ signals: [{ type: 'ials', factorz: 8 }] })).toThrow(ConfigError);
    // @ts-expect-error factors is a number
    expect(() => createRecommender({ signals: [{ type: 'ials', factors: '8' }] })).toThrow(ConfigError);
    // @ts-expect-error neighbors (the spelling is neighbours)
    expect(() => createRecommender({ signals: [{ type: 'popularity' }, { type: 'item-knn', neighbors: 5 }] })).toThrow(ConfigError);
  });

  it('correct specs compile: built-in keys, name and weight, a custom type, a spec list declared apart', () => {
    const declared: SignalSpec[] = [{ type: 'ials', factors: 4, iterations: 1 }, { type: 'popularity', weight: 0.5 }];
    expect(createRecommender({ signals: declared }).config.signals.map((s) => s.type)).toEqual(['ials', 'popularity']);
    expect(createRecommender({ signals: [{ type: 'ease', regularization: 10, name: 'e', weight: 2 }] }).config.signals[0]).toMatchObject({ type: 'ease', name: 'e', weight: 2 });
    // A type no SignalConfigs entry names (a custom signal) is checked at run time only.
    expect(() => createRecommender({ signals: [{ type: 'not-registered', anything: 1 }] })).toThrow(/unknown signal type "not-registered"/);
  });
});
