import type { Command } from 'commander';
import { createRecommender } from '../../engine/recommender.js';
import { toEpochMs } from '../../schema/timestamp.js';
import { DataError } from '../../errors.js';
import type { CliIo } from '../io.js';
import { readRecommenderConfig } from '../read-config.js';
import { addDataOptions, loadFromFlags, type DataFlags } from '../load-data.js';
import type { CliCommand } from '../program.js';
import { renderExplanation, renderHotTopics, renderSlate } from '../render-slate.js';

interface RecommendFlags extends DataFlags {
  user: string[];
  topic: string[];
  n: string;
  now?: string;
  config?: string;
  explain?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `gfp recommend`: one or more users' slates, optionally with ad-hoc topics and explanations. */
export const recommendCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    addDataOptions(program.command('recommend').description('recommend products for users, with optional ad-hoc trending topics'))
      .requiredOption('--user <id>', 'user id (repeat for several users)', collect, [])
      .option('--topic <text>', 'a topic the caller just learned of, hot now (repeatable)', collect, [])
      .option('--n <n>', 'slate length', '20')
      .option('--now <time>', 'request time, ISO 8601 or epoch seconds/ms; the model is fitted as of then (later events left out, heat after it ignored) (default: the latest event)')
      .option('--config <file>', 'recommender config JSON')
      .option('--explain', 'explain every item: each signal, topics, fairness lift')
      .option('--json', 'print JSON instead of tables')
      .action(async (flags: RecommendFlags) => {
        const n = Number(flags.n);
        if (!Number.isInteger(n) || n < 1) throw new DataError(`--n must be a positive integer, got ${JSON.stringify(flags.n)}`);
        let now: number | undefined;
        if (flags.now !== undefined) {
          const t = toEpochMs(flags.now);
          if (typeof t === 'string') throw new DataError(`--now ${JSON.stringify(flags.now)}: ${t}`);
          now = t;
        }
        const loaded = await loadFromFlags(flags);
        // As of --now: the recommender cannot know events that had not happened yet.
        const data = now === undefined ? loaded.data : { ...loaded.data, events: loaded.data.events.filter((e) => e.timestamp <= now) };
        const rec = createRecommender(await readRecommenderConfig(flags.config)).fitRecords(data, now === undefined ? {} : { now });
        const topics = flags.topic.map((text, i) => ({ id: `cli-topic-${i + 1}`, text }));
        const results = flags.user.map((user) => {
          const slate = rec.recommend(user, { n, ...(now !== undefined ? { now } : {}), topics, record: false });
          return { slate, explanation: flags.explain === true ? rec.explain(slate, { topics }) : undefined };
        });
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
