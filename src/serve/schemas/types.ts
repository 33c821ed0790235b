// Request and response shapes of the HTTP API. The web UI imports these types (and only these)
// so the browser and the server cannot drift apart silently.
import type { ItemRules } from '../rules/rules.ts';

/** One search hit of `GET /api/items/search`. */
export interface SearchHit {
  item: string;
  title: string;
  /** Fuzzy match score 0..100 (higher is closer). */
  score: number;
  genres: string[];
  /** Number of ratings the item has (popularity), used to break ties. */
  ratings: number;
}

/** Response of `GET /api/items/search`. */
export interface SearchResponse {
  query: string;
  hits: SearchHit[];
}

/** An item of the user's history that explains a recommendation ("because you liked X"). */
export interface Reason {
  item: string;
  title: string;
  /** The user's rating of `item`. */
  rating: number;
  /** Share of this reason among the recommendation's reasons (0..1), by similarity to the recommended item. */
  weight: number;
  /** Whether the user liked the item (rated it at or above their own mean); otherwise they only rated it. */
  liked?: boolean;
}

/** One recommended item. */
export interface Recommendation {
  item: string;
  title: string;
  score: number;
  reasons: Reason[];
}

/** Response of the recommendation routes and of `POST /api/users`. */
export interface RecommendationsResponse {
  user: string;
  model: string;
  recommendations: Recommendation[];
}

/** One rating sent by a client. */
export interface RatingInput {
  item: string;
  rating: number;
}

/** Body of `POST /api/users`. */
export interface CreateUserRequest {
  ratings: RatingInput[];
  /** Number of recommendations to return (default 10). */
  k?: number;
  /** Model name (default: the first ranking model). */
  model?: string;
  /** Business rules: filters applied before the top-K, optional MMR diversity. */
  rules?: ItemRules;
  /** Whether the answer's recommendations carry reasons (default true; false leaves `reasons` empty). */
  reasons?: boolean;
}

/** Response of `POST /api/users`: the new user's id and first recommendations. */
export interface CreateUserResponse extends RecommendationsResponse {
  /** Every served model's list for the new user, by model name. */
  byModel: Record<string, Recommendation[]>;
}

/** Item details with its most similar items. */
export interface SimilarResponse {
  item: ItemInfo;
  model: string;
  similar: Array<{ item: string; title: string; score: number }>;
}

/** Item metadata as the API shows it. */
export interface ItemInfo {
  item: string;
  title: string;
  genres: string[];
  type?: string;
  year?: number;
  ratings: number;
  meanRating: number | null;
}

/** A user's profile: their rated items, best first. */
export interface UserResponse {
  user: string;
  /** The user's best-rated items (at most 200). */
  ratings: Array<{ item: string; title: string; rating: number }>;
  /** How many ratings the user has in all (`ratings` may list fewer). */
  total?: number;
}

/** Response of `GET /api/users/:id/explain/:item`. */
export interface ExplainResponse {
  user: string;
  item: string;
  title: string;
  model: string;
  score: number;
  /** How the explanation was computed (e.g. `fold-in-similarity`). */
  method: string;
  /** Items the user liked (rated at or above their mean) that raise the score; a card shows the first three. */
  reasons: Reason[];
  /** Signed share of the score carried by the user's other ratings (below their mean, or not listed). */
  otherShare?: number;
  /** Signed share not attributed to any of the user's ratings: the model's baseline for the item. */
  residualShare?: number;
  /** The user's mean rating: ratings at or above it count as "liked". */
  likedFrom?: number;
  /**
   * Other users whose ratings of the item carry its score (edge explanations of rating models), with their share;
   * absent when the method explains through the user's own items only.
   */
  raters?: Rater[];
}

/** Another user's rating of the explained item, as an explanation edge ("people who rated it"). */
export interface Rater {
  user: string;
  rating: number;
  weight: number;
}

/** Model card of `GET /api/models`. */
export interface ModelCard {
  name: string;
  kind: string;
  task: 'ranking' | 'rating';
  created: string;
  dataset: { name: string; users: number; items: number; interactions: number };
  config: Record<string, unknown>;
  /** Metrics as the manifest has them (flat `name@k` or nested by split). */
  metrics: Record<string, unknown>;
  /** Training curve: one point per epoch. */
  curve: Array<{ epoch: number; loss: number; val?: Record<string, number> }>;
  /** Predicted vs true rating counts for rating models (rounded prediction, true rating, count). */
  predVsTrue: Array<{ predicted: number; actual: number; count: number }>;
}

/** Response of `GET /api/models`. */
export interface ModelsResponse {
  models: ModelCard[];
  /** Loaded model versions, oldest first (the serving one is marked); see `POST /api/models/reload`. */
  versions?: ModelVersionInfo[];
}

/** One loaded set of models: what `/api/models` lists and reload/rollback answer. */
export interface ModelVersionInfo {
  /** 1 for the models the server started with, then one more per reload. */
  version: number;
  /** ISO-8601 time the version was loaded. */
  loadedAt: string;
  /** What loaded it: `start`, `reload` (the API) or `watch` (a changed model folder). */
  reason: string;
  /** Whether this version answers requests now. */
  serving: boolean;
  /** Served model names. */
  models: string[];
  /** Each model's kind, training time and validation/test metrics (from its manifest). */
  details: Array<{ name: string; kind: string; created: string; metrics: Record<string, unknown> }>;
}

/** Exploratory statistics of the served dataset (`GET /api/eda`). */
export interface EdaResponse {
  dataset: string;
  users: number;
  items: number;
  interactions: number;
  /** Histogram of rating values. */
  ratingHistogram: Array<{ rating: number; count: number }>;
  /** Mean rating by item type (anime: TV, Movie, OVA…); empty when items have no type. */
  byType: Array<{ key: string; meanRating: number; items: number }>;
  /** Mean rating by genre, top genres by item count. */
  byGenre: Array<{ key: string; meanRating: number; items: number }>;
  /** Item mean rating against episodes (anime) or release year (films). */
  scatter: { x: string; points: Array<{ x: number; y: number; title: string }> };
  /** Ratings per item, sorted descending (the long tail), down-sampled. */
  popularity: Array<{ rank: number; ratings: number }>;
}

/** Response of `GET /api/info`: what the UI needs to set itself up. */
export interface InfoResponse {
  dataset: string;
  /** Rating scale of the data, e.g. [0.5, 5]. */
  ratingRange: [number, number];
  models: Array<{ name: string; kind: string; task: 'ranking' | 'rating' }>;
  /** Whether writes need `Authorization: Bearer <token>`. */
  tokenRequired: boolean;
  /** A warning to show as a banner (e.g. the demo runs on made-up data). */
  notice?: string;
}

/** Error body of every 4xx/5xx response. */
export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string;
}

/** One item of `POST /api/items`: id, title and the features content recommendations use. */
export interface NewItemInput {
  id: string;
  title: string;
  genres?: string[];
  year?: number;
  type?: string;
  numeric?: Record<string, number>;
}

/** Body of `POST /api/items`. */
export interface AddItemsRequest {
  items: NewItemInput[];
}

/** Response of `POST /api/items`. */
export interface AddItemsResponse {
  added: number;
  items: ItemInfo[];
}
