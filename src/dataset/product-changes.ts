import * as z from 'zod/mini';
import { ValidationError } from '../errors.js';
import { ProductSchema, type Product, type ProductInput } from '../schema/entities.js';
import { IdSchema } from '../schema/id.js';
import { validateRecord } from '../schema/validate.js';
import type { ProductUpsert } from './catalogue.js';
import type { Dataset } from './dataset.js';

/** A product leaving the catalogue, as `observe({ products })` takes it. */
export interface ProductRemovalInput {
  readonly id: string | number;
  readonly remove: true;
}

/** An entry of `observe({ products })`: a product record (added, or replacing the record of its id) or a removal. */
export type ProductChangeInput = ProductInput | ProductRemovalInput;

/** A validated entry of `observe({ products })`. */
export type ProductChange = { readonly kind: 'upsert'; readonly product: Product } | { readonly kind: 'remove'; readonly id: string };

/** A removal: the product id and `remove: true`, nothing else. */
export const ProductRemovalSchema = z.strictObject({
  id: IdSchema,
  remove: z.literal(true, { error: 'expected true (a removal is { id, remove: true })' }),
});

/**
 * Validates every entry of a product batch: an object with a `remove` key is a removal
 * ({@link ProductRemovalSchema}), anything else a product record (`ProductSchema`).
 * @throws ValidationError naming the first bad entry (`<source>[i]`), its field and the reason.
 */
export function validateProductChanges(rows: readonly unknown[], source: string): ProductChange[] {
  return rows.map((raw, index): ProductChange => {
    const removal = raw !== null && typeof raw === 'object' && 'remove' in raw;
    const r = removal ? validateRecord(ProductRemovalSchema, raw, { source, index }) : validateRecord(ProductSchema, raw, { source, index });
    if (!r.ok) throw new ValidationError(r.issues);
    return removal ? { kind: 'remove', id: (r.value as { id: string }).id } : { kind: 'upsert', product: r.value as Product };
  });
}

/** What a product batch did, entry by entry (each entry counts once, in order). */
export interface ProductChangeCounts {
  /** Records of ids the catalogue did not hold, or held as removed. */
  readonly added: number;
  /** Records replacing a different record of a product in the catalogue. */
  readonly updated: number;
  /** Removals of products in the catalogue. */
  readonly removed: number;
  /** Records equal to the product's current one, and removals of products already removed. */
  readonly unchanged: number;
  /** Ids of removals that named no product the catalogue holds or held (nothing removed), each once. */
  readonly unknownRemoved: readonly string[];
}

/** The net effect of a product batch: each changed id's final state, in order of first mention, and the counts. */
export interface ProductChangePlan {
  readonly upserts: readonly ProductUpsert[];
  readonly counts: ProductChangeCounts;
}

/** True when two validated product records are equal field by field. */
export function sameProduct(a: Product, b: Product): boolean {
  return (
    a.id === b.id &&
    a.merchantId === b.merchantId &&
    a.title === b.title &&
    a.description === b.description &&
    a.category === b.category &&
    a.price === b.price &&
    a.createdAt === b.createdAt &&
    a.inStock === b.inStock &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i])
  );
}

/**
 * Plans a validated product batch against the catalogue without changing it: entries apply in
 * order (a later entry of the same id wins), records equal to the current one change nothing, and
 * an id added and removed within the batch never enters the catalogue.
 */
export function planProductChanges(dataset: Dataset, changes: readonly ProductChange[]): ProductChangePlan {
  /** Per id: its record while in the catalogue, null once removed; absent ids are not in the map. */
  const state = new Map<string, Product | null>();
  const touched = new Set<string>();
  const current = (id: string): Product | null | undefined => {
    if (state.has(id)) return state.get(id);
    const p = dataset.products.indexOf(id);
    if (p < 0) return undefined;
    return dataset.live[p] === 1 ? dataset.productRecords[p]! : null;
  };
  let added = 0;
  let updated = 0;
  let removed = 0;
  let unchanged = 0;
  const unknown = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'upsert') {
      const id = c.product.id;
      const before = current(id);
      if (before === undefined || before === null) added++;
      else if (sameProduct(before, c.product)) {
        unchanged++;
        continue;
      } else updated++;
      state.set(id, c.product);
      touched.add(id);
      continue;
    }
    const before = current(c.id);
    if (before === undefined) unknown.add(c.id);
    else if (before === null) unchanged++;
    else {
      removed++;
      state.set(c.id, null);
      touched.add(c.id);
    }
  }
  const upserts: ProductUpsert[] = [];
  for (const id of touched) {
    const product = state.get(id)!;
    // Added and removed within the batch: it never enters the catalogue.
    if (product === null && dataset.products.indexOf(id) < 0) continue;
    upserts.push({ id, product });
  }
  return { upserts, counts: { added, updated, removed, unchanged, unknownRemoved: [...unknown] } };
}
