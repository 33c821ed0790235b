import type { Dataset, ItemMeta } from '../types.ts';
import type { InteractionBuilder } from './builder.ts';
import type { ReadContext } from './context.ts';
import { numericOrder } from './order.ts';

/** What a reader hands over to become a `Dataset`. */
export interface AssembleInput {
  name: string;
  format: string;
  builder: InteractionBuilder;
  ctx: ReadContext;
  /** Metadata by raw item id; entries for items without interactions are dropped (counted as `unrated-item`). */
  meta: Map<string, ItemMeta>;
  ratingRange: [number, number] | null;
  /** The builder's first file is training and the second test (LightGCN). */
  provided?: boolean;
  /** Keep every metadata item even without interactions (catalogue-only data such as anime.csv alone). */
  keepCatalogue?: boolean;
}

/** Finishes a read: duplicate checks, numeric id order, metadata per dense item, provided split. */
export function assembleDataset(a: AssembleInput): Dataset {
  const { builder, ctx, meta } = a;
  if (a.keepCatalogue) for (const raw of meta.keys()) builder.items.add(raw);
  const interactions = a.builder.finish(ctx);
  const users = numericOrder(builder.users, interactions.user);
  const items = numericOrder(builder.items, interactions.item);
  let unrated = 0;
  for (const raw of meta.keys()) if (!items.has(raw)) unrated++;
  if (unrated > 0) ctx.count('unrated-item', unrated);
  const itemMeta: ItemMeta[] = items.toJSON().map((raw) => meta.get(raw) ?? {});
  const ds: Dataset = {
    name: a.name,
    format: a.format,
    users,
    items,
    interactions,
    itemMeta,
    ratingRange: a.ratingRange,
  };
  if (a.provided) {
    const [nTrain = 0, nTest = 0] = builder.segmentCounts();
    // Plain loops: Int32Array.from with a callback costs ≈ 70 ns a row (0.7 s at 10⁷ rows).
    const train = new Int32Array(nTrain);
    for (let k = 0; k < nTrain; k++) train[k] = k;
    const test = new Int32Array(nTest);
    for (let k = 0; k < nTest; k++) test[k] = nTrain + k;
    ds.providedSplit = { train, test };
  }
  return ds;
}
