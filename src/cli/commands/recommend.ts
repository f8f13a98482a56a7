import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { fitAsOf } from '../as-of.js';
import { positiveIntFlag, timeFlag } from '../flags.js';
import type { CliIo } from '../io.js';
import { readRecommenderConfig } from '../read-config.js';
import { addDataOptions, loadFromFlags, progressFromFlags, type DataFlags, type ProgressFlags } from '../load-data.js';
import type { CliCommand } from '../program.js';
import { renderExplanation, renderHotTopics, renderSlate } from '../render-slate.js';

interface RecommendFlags extends DataFlags, ProgressFlags {
  data: string;
  user?: string[];
  topic: string[];
  n: string;
  now?: string;
  config?: string;
  explain?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `gfp recommend`: one or more users' slates, optionally with ad-hoc topics and explanations. */
export const recommendCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    addDataOptions(program.command('recommend').description('recommend products for users, with optional ad-hoc trending topics'))
      // No default: commander's requiredOption would count an empty-list default as given.
      .option('--user <id>', 'user id (required; repeat for several users)', collect)
      .option('--topic <text>', 'a topic the caller just learned of, hot now (repeatable)', collect, [])
      .option('--n <n>', 'slate length', '20')
      .option(
        '--now <time>',
        'request time, ISO 8601 or epoch seconds/ms; the model is fitted as of then (later events left out, heat after it ignored, products created after it not recommended) (default: the latest event)',
      )
      .option('--config <file>', 'recommender config JSON')
      .option('--explain', 'explain every item: each signal, topics, fairness lift')
      .option('--json', 'print JSON instead of tables')
      .action(async (flags: RecommendFlags) => {
        const users = flags.user ?? [];
        if (users.length === 0) throw new ConfigError("required option '--user <id>' not specified (repeat it for several users)", 'user');
        const n = positiveIntFlag('n', flags.n);
        const now = flags.now === undefined ? undefined : timeFlag('now', flags.now);
        const config = await readRecommenderConfig(flags.config);
        const progress = progressFromFlags(flags, io);
        const loaded = await loadFromFlags(flags.data, flags, io, progress);
        const { rec, filter } = fitAsOf(config, loaded.data, now, io, progress);
        const topics = flags.topic.map((text, i) => ({ id: `cli-topic-${i + 1}`, text }));
        let results;
        try {
          results = users.map((user, i) => {
            progress.update('recommend', i, users.length);
            const slate = rec.recommend(user, { n, ...(now !== undefined ? { now } : {}), ...(filter !== undefined ? { filter } : {}), topics, record: false });
            return { slate, explanation: flags.explain === true ? rec.explain(slate, { topics }) : undefined };
          });
        } finally {
          progress.stop();
        }
        if (flags.json === true) {
          io.out(JSON.stringify(results.map((r) => ({ ...r.slate, ...(r.explanation !== undefined ? { explanation: r.explanation } : {}) })), null, 2));
          return;
        }
        const hot = renderHotTopics(rec, now ?? rec.dataset.referenceTime, topics);
        if (hot !== '') io.out(hot);
        for (const { slate, explanation } of results) {
          io.out(renderSlate(rec, slate));
          if (explanation !== undefined) io.out(renderExplanation(rec, explanation));
          io.out('');
        }
      });
  },
};
