import type { Command } from 'commander';
import { writeMarketplace } from '../../io/write-marketplace.js';
import { generateMarketplace } from '../../simulation/marketplace/generate.js';
import type { MarketplaceOptionsInput } from '../../simulation/marketplace/options.js';
import { nonNegativeFlag, numberFlag, positiveIntFlag, timeFlag } from '../flags.js';
import type { CliIo } from '../io.js';
import type { CliCommand } from '../program.js';

interface GenerateFlags {
  out: string;
  seed?: string;
  users?: string;
  products?: string;
  merchants?: string;
  days?: string;
  start?: string;
  zipf?: string;
  eventsPerUser?: string;
}

/** Turns the command's flags into generator options (absent flags keep the generator's defaults). */
export function generateOptionsFromFlags(flags: Omit<GenerateFlags, 'out'>): MarketplaceOptionsInput {
  const options: { -readonly [K in keyof MarketplaceOptionsInput]: MarketplaceOptionsInput[K] } = {};
  if (flags.seed !== undefined) options.seed = numberFlag('seed', flags.seed);
  if (flags.users !== undefined) options.users = positiveIntFlag('users', flags.users);
  if (flags.products !== undefined) options.products = positiveIntFlag('products', flags.products);
  if (flags.merchants !== undefined) options.merchants = positiveIntFlag('merchants', flags.merchants);
  if (flags.days !== undefined) options.days = positiveIntFlag('days', flags.days);
  if (flags.zipf !== undefined) options.zipfExponent = nonNegativeFlag('zipf', flags.zipf);
  if (flags.eventsPerUser !== undefined) options.eventsPerUser = nonNegativeFlag('events-per-user', flags.eventsPerUser);
  if (flags.start !== undefined) options.start = timeFlag('start', flags.start);
  return options;
}

/** `gfp generate`: writes a seeded synthetic marketplace (CSV files and truth.json) to a directory. */
export const generateCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    program
      .command('generate')
      .description('write a seeded synthetic marketplace (products, merchants, events, topics CSV and truth.json)')
      .requiredOption('--out <dir>', 'output directory (created if missing)')
      .option('--seed <n>', 'random seed (default 42)')
      .option('--users <n>', 'number of users (default 300)')
      .option('--products <n>', 'number of products (default 400)')
      .option('--merchants <n>', 'number of merchants (default 40)')
      .option('--days <n>', 'length of the time span in days (default 30)')
      .option('--start <time>', 'start of the span, ISO 8601 or epoch (default 2026-06-01T00:00:00Z)')
      .option('--zipf <s>', 'Zipf exponent of merchant sizes (default 1.1)')
      .option('--events-per-user <n>', 'mean events per user (default 16)')
      .action(async (flags: GenerateFlags) => {
        const { out, ...rest } = flags;
        const generated = generateMarketplace(generateOptionsFromFlags(rest));
        const written = await writeMarketplace(out, generated);
        const c = written.counts;
        io.out(
          `wrote ${out}: ${c.products} products, ${c.merchants} merchants, ${c.events} events, ${c.topics} topics, ` +
            `truth.json (${generated.truth.userIds.length} users, seed ${generated.truth.options.seed})`,
        );
      });
  },
};
