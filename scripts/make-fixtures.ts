/**
 * Regenerates the bundled synthetic marketplace in fixtures/marketplace/.
 *
 *   npx tsx scripts/make-fixtures.ts
 *
 * Never edit the fixture files by hand: tests/simulation/marketplace-fixture.test.ts regenerates
 * the marketplace from the options stored in fixtures/marketplace/truth.json and requires the
 * committed files to be byte-identical. Change the options here and rerun instead.
 */
import { fileURLToPath } from 'node:url';
import { writeMarketplace } from '../src/io/write-marketplace.js';
import { generateMarketplace } from '../src/simulation/marketplace/generate.js';

/** The fixture's generator options (about 300 users, 400 products, 40 merchants, 30 days). */
export const FIXTURE_OPTIONS = {
  seed: 42,
  users: 300,
  products: 400,
  merchants: 40,
  days: 30,
  start: Date.UTC(2026, 5, 1),
} as const;

const dir = fileURLToPath(new URL('../fixtures/marketplace/', import.meta.url));
const written = await writeMarketplace(dir, generateMarketplace(FIXTURE_OPTIONS));
const c = written.counts;
process.stdout.write(
  `wrote ${dir}: ${c.products} products, ${c.merchants} merchants, ${c.events} events, ${c.topics} topics, truth.json\n`,
);
