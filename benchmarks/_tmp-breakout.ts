import { buildBreakoutCatalogue } from '../tests/_catalogues/breakout-catalogue.js';
import { BREAKOUT_VARIANTS, measureBreakout } from '../tests/_catalogues/breakout-harness.js';
const configs: Record<string, unknown> = JSON.parse(process.argv[2] ?? '{"default":{}}');
for (const seed of [20240520, 1]) {
  const catalogue = buildBreakoutCatalogue({ seed });
  for (const [name, config] of Object.entries(configs)) {
    const row: string[] = [];
    for (const v of BREAKOUT_VARIANTS) {
      const m = measureBreakout(config as never, v, { catalogue });
      row.push(`${v}: med ${m.withTopic.category.medianRank} top10 ${(m.withTopic.category.top10Share*100).toFixed(0)}% | none ${(m.withoutTopic.category.top10Share*100).toFixed(0)}% | others#1 ${(m.withTopic.others.firstShare*100).toFixed(0)}%`);
    }
    console.log(seed, name, '\n  ' + row.join('\n  '));
  }
}
