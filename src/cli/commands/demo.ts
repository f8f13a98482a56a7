import type { Command } from 'commander';
import { createRecommender } from '../../engine/recommender.js';
import type { CliIo } from '../io.js';
import { addDataOptions, loadFromFlags, type DataFlags } from '../load-data.js';
import type { CliCommand } from '../program.js';
import { renderHotTopics, renderSlate } from '../render-slate.js';

interface DemoFlags extends DataFlags {
  users: string;
  n: string;
}

/** `gfp demo`: fits the default recommender on a dataset and prints a few users' slates with reasons. */
export const demoCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    addDataOptions(
      program.command('demo').description('fit the default recommender on a dataset (the bundled fixtures by default) and show a few slates'),
      'fixtures/marketplace',
    )
      .option('--users <n>', 'how many users to show (plus one brand-new user)', '3')
      .option('--n <n>', 'slate length', '8')
      .action(async (flags: DemoFlags) => {
        const shown = Number(flags.users);
        const n = Number(flags.n);
        const t0 = performance.now();
        const loaded = await loadFromFlags(flags);
        const rec = createRecommender({ n });
        const t1 = performance.now();
        rec.fitRecords(loaded.data);
        const t2 = performance.now();
        const ds = rec.dataset;
        io.out(
          `loaded ${flags.data}: ${ds.users.size} users, ${ds.products.size} products, ${ds.merchants.size} merchants, ` +
            `${ds.stats.events} events (${ds.stats.interactions} user-product cells) in ${((t1 - t0) / 1000).toFixed(2)} s`,
        );
        io.out(`fitted ${rec.signals.map((s) => s.name).join(' + ')} in ${((t2 - t1) / 1000).toFixed(2)} s\n`);
        const hot = renderHotTopics(rec, ds.referenceTime);
        if (hot !== '') io.out(hot);
        // A service's exposure ledger fills with traffic: serve every user once before showing slates.
        for (const id of ds.users.ids()) rec.recommend(id, { n });
        io.out(`served ${ds.users.size} users once to warm the exposure ledger (fairness lambda ${rec.config.fairness.rerank.lambda})\n`);
        const ids = ds.users.ids().sort().slice(0, shown);
        ids.push('brand-new-user');
        for (const id of ids) io.out(`${renderSlate(rec, rec.recommend(id, { n }))}\n`);
      });
  },
};
