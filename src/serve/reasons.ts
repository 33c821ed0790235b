import type { Catalog } from './catalog.ts';
import { explainRecommendations } from './exact-explain.ts';
import type { Rated } from './history.ts';
import type { ServedModel } from './served-model.ts';
import type { Reason } from './schemas/types.ts';

/** What a reason provider is told about the user whose list it explains. */
export interface ReasonUser {
  /** Raw user id. */
  id: string;
  /** Their ratings by raw id (including ratings given after training). */
  rated: readonly Rated[];
  /** Whether the model's own row of the user is current (trained on them, no ratings since). */
  trained: boolean;
}

/** Explains a list of recommended items: the "because you liked …" reasons of each, best first. */
export type ReasonProvider = (
  model: ServedModel,
  user: ReasonUser,
  items: readonly string[],
  max: number,
) => Reason[][];

/**
 * Reasons as the top of each item's explanation (`explainRecommendations`), so a card says exactly what the
 * "why?" page for that item shows first, with the same shares (`liked` marks ratings at or above the user's mean).
 */
export function explanationReasons(catalog: Catalog): ReasonProvider {
  return (model, user, items, max) =>
    explainRecommendations(model, catalog, user.id, items, {
      rated: user.rated,
      trained: user.trained,
      top: max,
    }).map((ex) => dominant(ex?.reasons ?? []));
}

/**
 * The reasons that carry an item: the first, and those with at least half its share. Listing every rated item
 * behind every card made ten cards say the same three titles; the dominant ones differ from item to item.
 */
export function dominant(reasons: readonly Reason[]): Reason[] {
  const first = reasons[0];
  return first ? reasons.filter((r) => r.weight >= DOMINANT * first.weight) : [];
}

/** Share, relative to the top reason's, that a further reason needs to appear on a card. */
const DOMINANT = 0.5;
