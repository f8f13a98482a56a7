import type { AdapterReport } from '../io/adapters/adapter-report.js';

/** Merged merchant groups listed in text output (`--json` lists all). */
const MAX_GROUPS = 20;

/**
 * The `gfp inspect` lines of a real-data adapter's report: catalogue kept, users dropped, merchant
 * names merged (the first 20 groups with several spellings) and event times. Each line starts with
 * two spaces, like the rest of the inspection.
 */
export function renderAdapterReport(report: AdapterReport): string[] {
  const c = report.catalogue;
  const lines = [
    `  catalogue: ${c.mode} (${c.products} products, ${c.productsDropped} dropped; ${c.merchants} merchants, ${c.merchantsDropped} dropped)` +
      (c.mode === 'interacted' ? ': only products with at least one loaded event' : ''),
  ];
  if (report.users !== undefined) {
    const u = report.users;
    lines.push(`  users: fewer than ${u.minUserEvents} events dropped (${u.usersDropped} users, ${u.eventsDropped} events)`);
  }
  const n = report.merchantNames;
  if (n !== undefined) {
    const merged = n.groups.filter((g) => g.spellings.length > 1);
    lines.push(
      `  merchant names: ${n.normalisation}, ${n.rawNames} raw names -> ${n.merchants} merchants (${merged.length} merged)` +
        (n.unnamedProducts > 0 ? `; ${n.unnamedProducts} products without a name, each its own merchant` : ''),
    );
    for (const g of merged.slice(0, MAX_GROUPS)) {
      const spellings = g.spellings.map((s) => `${JSON.stringify(s.raw)} (${s.products})`).join(', ');
      lines.push(`    ${g.merchant}${g.tier !== undefined ? ` [${g.tier}]` : ''} <- ${spellings}`);
    }
    if (merged.length > MAX_GROUPS) lines.push(`    ... and ${merged.length - MAX_GROUPS} more merged merchants (--json lists every one)`);
  }
  if (report.timestamps === 'none') {
    const at = new Date(report.syntheticTimestamp ?? 0).toISOString();
    lines.push(`  event times: none in the data; every event is at ${at} (temporal and leave-last-n splits mean nothing here)`);
  }
  return lines;
}
