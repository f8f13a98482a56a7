import { FormatError } from '../errors.js';
import type { StateArray } from './signal.js';
import type { TopicMatch } from './topic-match.js';

/** A topic's match as a model file keeps it (the query terms are recomputed from its text). */
export type SavedMatch = Omit<TopicMatch, 'terms'>;

/** The matches of the held topics, in topic order, as flat state arrays (`match*` keys). */
export function matchesToState(matches: readonly TopicMatch[]): Array<[string, StateArray]> {
  const offsets = new Int32Array(matches.length + 1);
  matches.forEach((m, k) => (offsets[k + 1] = offsets[k]! + m.products.length));
  const total = offsets[matches.length]!;
  const products = new Int32Array(total);
  const values = new Float32Array(total);
  const text = new Float32Array(total);
  matches.forEach((m, k) => {
    products.set(m.products, offsets[k]!);
    values.set(m.match, offsets[k]!);
    text.set(m.text, offsets[k]!);
  });
  return [
    ['matchOffsets', offsets],
    ['matchProducts', products],
    ['matchValues', values],
    ['matchText', text],
    ['matchScale', Float64Array.from(matches, (m) => m.textScale)],
  ];
}

/**
 * The saved matches of `topics` topics over a catalogue of `products` products, or undefined when
 * the state has none (files written before they were kept).
 * @throws FormatError when the arrays do not fit together (names the part).
 */
export function matchesFromState(state: ReadonlyMap<string, StateArray>, topics: number, products: number): SavedMatch[] | undefined {
  const offsets = state.get('matchOffsets');
  if (offsets === undefined) return undefined;
  const ids = state.get('matchProducts');
  const values = state.get('matchValues');
  const text = state.get('matchText');
  const scale = state.get('matchScale');
  if (!(offsets instanceof Int32Array) || !(ids instanceof Int32Array) || !(values instanceof Float32Array) || !(text instanceof Float32Array) || !(scale instanceof Float64Array)) {
    throw new FormatError('trending state: matches need int32 matchOffsets and matchProducts, float32 matchValues and matchText, float64 matchScale');
  }
  if (offsets.length !== topics + 1 || scale.length !== topics) throw new FormatError(`trending state: matches for ${offsets.length - 1} topics, expected ${topics}`);
  if (offsets[0] !== 0 || offsets[topics] !== ids.length || values.length !== ids.length || text.length !== ids.length) {
    throw new FormatError('trending state: match arrays of different lengths');
  }
  const out: SavedMatch[] = [];
  for (let k = 0; k < topics; k++) {
    const s = offsets[k]!;
    const e = offsets[k + 1]!;
    if (e < s) throw new FormatError(`trending state: matchOffsets decrease at topic ${k}`);
    for (let i = s; i < e; i++) {
      const p = ids[i]!;
      if (!(p >= 0 && p < products) || (i > s && p <= ids[i - 1]!)) throw new FormatError(`trending state: topic ${k} matches product ${p} out of order or outside 0..${products - 1}`);
      if (!(values[i]! >= 0 && values[i]! < Infinity && text[i]! >= 0 && text[i]! <= 1)) throw new FormatError(`trending state: topic ${k} has a match of ${values[i]} (text ${text[i]})`);
    }
    if (!(scale[k]! >= 0 && scale[k]! < Infinity)) throw new FormatError(`trending state: topic ${k} has a text scale of ${scale[k]}`);
    out.push({ products: ids.slice(s, e), match: values.slice(s, e), text: text.slice(s, e), textScale: scale[k]! });
  }
  return out;
}
