import type { Command } from 'commander';
import { fitAsOf } from '../as-of.js';
import { positiveIntFlag, timeFlag } from '../flags.js';
import type { CliIo } from '../io.js';
import { addDataOptions, BUNDLED_DATA_DIR, loadDataOrBundled, progressFromFlags, type DataFlags, type ProgressFlags } from '../load-data.js';
import type { CliCommand } from '../program.js';
import { renderHotTopics, renderSlate } from '../render-slate.js';
import { renderTopicStory } from '../topic-story.js';

interface DemoFlags extends DataFlags, ProgressFlags {
  users: string;
  n: string;
  now?: string;
}

/**
 * `gfp demo`: fits the default recommender on a dataset (the bundled marketplace by default,
 * generated in memory when ./fixtures/marketplace is absent), prints a few users' slates with
 * reasons, then the story of the hottest topic burst: where its product ranks for matching users
 * a day before the burst and at its peak. Timings go to stderr, so stdout is deterministic.
 */
export const demoCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    addDataOptions(
      program.command('demo').description('fit the default recommender on a dataset (the bundled marketplace by default), show a few slates and how a topic burst lifts its product'),
      BUNDLED_DATA_DIR,
    )
      .option('--users <n>', 'how many users to show (plus one brand-new user)', '3')
      .option('--n <n>', 'slate length', '8')
      .option('--now <time>', 'request time of the slates, ISO 8601 or epoch seconds/ms; fitted as of then (default: the latest event)')
      .action(async (flags: DemoFlags) => {
        const shown = positiveIntFlag('users', flags.users);
        const n = positiveIntFlag('n', flags.n);
        const now = flags.now === undefined ? undefined : timeFlag('now', flags.now);
        const t0 = performance.now();
        const progress = progressFromFlags(flags, io);
        const { loaded, label } = await loadDataOrBundled(flags, io, progress);
        const t1 = performance.now();
        const { rec, filter } = fitAsOf({ n }, loaded.data, now, io, progress);
        const t2 = performance.now();
        const ds = rec.dataset;
        io.out(
          `loaded ${label}: ${ds.users.size} users, ${ds.products.size} products, ${ds.merchants.size} merchants, ` +
            `${ds.stats.events} events (${ds.stats.interactions} user-product cells)`,
        );
        io.out(`fitted ${rec.slots.map((s) => s.name).join(' + ')} as of ${new Date(now ?? ds.referenceTime).toISOString()}\n\n`);
        io.err(`(load ${((t1 - t0) / 1000).toFixed(2)} s, fit ${((t2 - t1) / 1000).toFixed(2)} s)`);
        const at = { n, ...(now !== undefined ? { now } : {}), ...(filter !== undefined ? { filter } : {}) };
        const hot = renderHotTopics(rec, now ?? ds.referenceTime);
        if (hot !== '') io.out(hot);
        // A service's exposure ledger fills with traffic: serve every user once before showing slates.
        for (const id of ds.users.ids()) rec.recommend(id, at);
        io.out(`served ${ds.users.size} users once to warm the exposure ledger (fairness lambda ${rec.config.fairness.rerank.lambda})\n\n`);
        // The first users (by id) with a stored interaction, then a user the data has never seen.
        const m = ds.interactions;
        const ids = ds.users
          .ids()
          .sort()
          .filter((id) => {
            const u = ds.users.indexOf(id);
            return m.indptr[u + 1]! > m.indptr[u]!;
          })
          .slice(0, shown);
        ids.push('brand-new-user');
        for (const id of ids) io.out(`${renderSlate(rec, rec.recommend(id, at))}\n\n`);
        const story = renderTopicStory(loaded.data, io);
        if (story !== '') io.out(story);
      });
  },
};
