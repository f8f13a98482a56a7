import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { toEpochMs } from '../../schema/timestamp.js';
import { writeMarketplace } from '../../io/write-marketplace.js';
import { generateMarketplace } from '../../simulation/marketplace/generate.js';
import type { MarketplaceOptionsInput } from '../../simulation/marketplace/options.js';
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

function numberFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new ConfigError(`--${name}: expected a number, got "${text}"`, name);
  return value;
}

/** Turns the command's flags into generator options (absent flags keep the generator's defaults). */
export function generateOptionsFromFlags(flags: Omit<GenerateFlags, 'out'>): MarketplaceOptionsInput {
  const options: { -readonly [K in keyof MarketplaceOptionsInput]: MarketplaceOptionsInput[K] } = {};
  const seed = numberFlag('seed', flags.seed);
  if (seed !== undefined) options.seed = seed;
  const users = numberFlag('users', flags.users);
  if (users !== undefined) options.users = users;
  const products = numberFlag('products', flags.products);
  if (products !== undefined) options.products = products;
  const merchants = numberFlag('merchants', flags.merchants);
  if (merchants !== undefined) options.merchants = merchants;
  const days = numberFlag('days', flags.days);
  if (days !== undefined) options.days = days;
  const zipf = numberFlag('zipf', flags.zipf);
  if (zipf !== undefined) options.zipfExponent = zipf;
  const eventsPerUser = numberFlag('events-per-user', flags.eventsPerUser);
  if (eventsPerUser !== undefined) options.eventsPerUser = eventsPerUser;
  if (flags.start !== undefined) {
    const start = toEpochMs(flags.start);
    if (typeof start === 'string') throw new ConfigError(`--start: ${start}`, 'start');
    options.start = start;
  }
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
