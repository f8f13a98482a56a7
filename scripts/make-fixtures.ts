/**
 * Regenerates the bundled synthetic marketplace in fixtures/marketplace/.
 *
 *   npm run make-fixtures
 *
 * Never edit the fixture files by hand: tests/simulation/marketplace-files.test.ts regenerates
 * the marketplace from the options stored in fixtures/marketplace/truth.json and requires the
 * committed files to be byte-identical. Change BUNDLED_MARKETPLACE_OPTIONS (src/simulation/marketplace/options.ts) and rerun instead.
 */
import { fileURLToPath } from 'node:url';
import { writeMarketplace } from '../src/io/write-marketplace.js';
import { generateMarketplace } from '../src/simulation/marketplace/generate.js';
import { BUNDLED_MARKETPLACE_OPTIONS } from '../src/simulation/marketplace/options.js';

const dir = fileURLToPath(new URL('../fixtures/marketplace/', import.meta.url));
const written = await writeMarketplace(dir, generateMarketplace(BUNDLED_MARKETPLACE_OPTIONS));
const c = written.counts;
process.stdout.write(
  `wrote ${dir}: ${c.products} products, ${c.merchants} merchants, ${c.events} events, ${c.topics} topics, truth.json\n`,
);
