/**
 * Heavy users on the datasets of the mix (trending `itemHeavyUserFactor`): for each dataset at the
 * end of its training events, the users active in the item short window (the last 24 h), the
 * median of their positive-weight events, the users above 10 times it (counted here from the
 * event log, and checked against the count the library's `ItemBursts` leaves out), the share of
 * the window's events they hold, and the products with an own burst at that time (the default
 * trending config) with every user counted and with the heavy users left out.
 *
 * Run: `npm run bench -- heavy-users` (about a minute on 2 cores).
 */
import { pathToFileURL } from 'node:url';
import { SparseAccumulator } from '../src/_internal/sparse-accumulator.js';
import { buildDataset } from '../src/dataset/dataset.js';
import { ItemBursts, type ItemBurstOptions } from '../src/signals/item-burst.js';
import { createTrending } from '../src/signals/trending.js';
import { fixtureCuts, generated, independentBuilds, realDatasets, type MixDataset } from './_mix-data.js';
import { caption } from './_machine.js';
import { markdownTable } from './_markdown.js';

const HOUR = 3_600_000;

/** One dataset's row. */
function measure(d: MixDataset): string[] {
  const ds = buildDataset(d.train, { now: d.now });
  const cfg = createTrending().config;
  const factor = cfg.itemHeavyUserFactor!;
  const shortMs = cfg.itemShortWindowHours * HOUR;
  const counts = new Map<number, number>();
  const log = ds.events;
  for (let e = 0; e < log.length; e++) {
    const t = log.time[e]!;
    if (log.weight[e]! > 0 && t > d.now - shortMs && t <= d.now) counts.set(log.user[e]!, (counts.get(log.user[e]!) ?? 0) + 1);
  }
  const sorted = [...counts.values()].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length === 0 ? Number.NaN : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const heavy = sorted.filter((c) => c > factor * median);
  const events = sorted.reduce((a, b) => a + b, 0);
  const items = new ItemBursts(ds, cfg.itemLongWindowHours * HOUR);
  const left = items.burstOf(0, d.now, shortMs, cfg.itemLongWindowHours * HOUR, cfg.itemRelative, factor).heavyUsers;
  if (left !== heavy.length) throw new Error(`${d.name}: ItemBursts left out ${left} heavy users, the log counts ${heavy.length}`);
  const bursting = (heavyUserFactor: number): number => {
    const o: ItemBurstOptions = { shortMs, longMs: cfg.itemLongWindowHours * HOUR, minUsers: cfg.itemMinUsers, minBurst: cfg.minBurst, significance: cfg.itemSignificance ?? Number.POSITIVE_INFINITY, weight: 1, relative: cfg.itemRelative, heavyUserFactor };
    const out = new SparseAccumulator(ds.products.size);
    items.addBursts(d.now, o, out);
    return out.count;
  };
  const share = events === 0 ? '' : `${((100 * heavy.reduce((a, b) => a + b, 0)) / events).toFixed(1)}%`;
  return [d.name, String(sorted.length), Number.isNaN(median) ? '' : String(median), heavy.length === 0 ? '0' : heavy.length === 1 ? `1 (${heavy[0]})` : `${heavy.length} (${heavy[0]} to ${heavy[heavy.length - 1]})`, share, String(bursting(Number.POSITIVE_INFINITY)), String(bursting(factor))];
}

/** The benchmark's Markdown section. */
export async function run(): Promise<string> {
  const notes: string[] = [];
  const mix = [...(await fixtureCuts()), generated(), ...independentBuilds(), ...(await realDatasets(notes))];
  const rows = mix.map(measure);
  return [
    '## Heavy users at the end of training: `npm run bench -- heavy-users`',
    '',
    "Each dataset of the mix at the end of its training events. Active: users with a positive-weight event in the item short window (24 h); heavy: more than 10 times the median of their events (trending's default `itemHeavyUserFactor`), with their events (fewest to most); share: of the window's events. Own bursts: products whose own burst counts at that time under the default trending config, with every user counted (`itemHeavyUserFactor: null`, the rule before model file version 9) and with the heavy users left out (the default).",
    '',
    markdownTable(['dataset', 'active users', 'median events', 'heavy users (events)', 'their share', 'own bursts, every user', 'own bursts, heavy left out'], rows),
    '',
    ...notes.map((n) => `Note: ${n}`),
    caption('npm run bench -- heavy-users'),
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await run());
