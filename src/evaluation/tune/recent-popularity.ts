/**
 * The recent popularity the blend tuner weighs beside a config's own popularity: on a temporal
 * split what is popular in the last weeks can predict the next events far better than the
 * popularity of a multi-year history, and only the data can say whether it does.
 */
import type { RecommenderConfig } from '../../engine/config.js';
import { signalNames } from '../../engine/signal-slots.js';

type SignalSpecs = RecommenderConfig['signals'];

/**
 * The popularities to add to `signals`: one at weight 0 with `halfLifeDays: 'auto'` (measure and
 * `recentShare` copied) for each popularity signal `use` accepts that decays otherwise, named
 * `<name>-recent` (skipped when that name is taken).
 * @example recentPopularities([{ type: 'popularity', weight: 1 }], () => true) // [{ type: 'popularity', name: 'popularity-recent', weight: 0, halfLifeDays: 'auto' }]
 */
export function recentPopularities(signals: SignalSpecs, use: (name: string) => boolean): SignalSpecs {
  const names = signalNames(signals);
  const taken = new Set(names);
  const added: SignalSpecs = [];
  signals.forEach((spec, i) => {
    if (spec.type !== 'popularity' || spec['halfLifeDays'] === 'auto' || !use(names[i]!)) return;
    const name = `${names[i]!}-recent`;
    if (taken.has(name)) return;
    taken.add(name);
    const copied = Object.fromEntries(['measure', 'recentShare'].filter((key) => spec[key] !== undefined).map((key) => [key, spec[key]]));
    added.push({ type: 'popularity', name, weight: 0, halfLifeDays: 'auto', ...copied });
  });
  return added;
}
