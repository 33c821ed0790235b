import {
  intKey,
  numberKey,
  parseConfig as parseSchemaConfig,
  schemaDefaults,
  type ConfigSchema,
} from '../schema.ts';
import { rsvdKeys, threadsKey } from '../shared/filter-keys.ts';

/**
 * Hyper-parameters of the graph-filter model, with the defaults chosen on validation splits carved from
 * training data (see `notes/issue-6.md` and `bench/graph-filter-tune.ts` for the grid).
 */
export interface GraphFilterConfig {
  /** `gf-cf` (Shen et al. 2021: linear + ideal low-pass) or `bspm` (Choi et al. 2023: blur, then sharpen). */
  variant: 'gf-cf' | 'bspm';
  /** Weight of the ideal low-pass term (GF-CF's α; BSPM's idl_beta). */
  alpha: number;
  /** Singular vectors k of the ideal low-pass term (0 turns the term off). */
  rank: number;
  /**
   * Cap on k as a fraction of min(users, items): the ideal term must stay low-pass on small data
   * (MovieLens latest-small, 610 users: validation prefers k ≈ 64, and k = 256 loses 2 NDCG points).
   */
  maxRankFraction: number;
  /** Extra sketch columns of the randomized SVD. */
  oversample: number;
  /** Power iterations of the randomized SVD. */
  powerIters: number;
  /** Exponent a of D_U^-a in R̃ = D_U^-a R D_I^-b. */
  userExp: number;
  /** Exponent b of D_I^-b in R̃ (and of the ideal term's D_I^-b … D_I^b). */
  itemExp: number;
  /** BSPM sharpening time T_s (the ODE ds/dt = −s·R̃ᵀR̃ runs from 0 to T_s). */
  sharpenT: number;
  /** BSPM sharpening steps K_s. */
  sharpenSteps: number;
  /** BSPM solver of the sharpening ODE. */
  solver: 'euler' | 'rk4';
  /** Users scored per block (bounds memory at block × items floats). */
  blockSize: number;
  /** Threads of the ideal term's dense product (0 = all available cores, at most 8). */
  threads: number;
  /**
   * GF-CF top-K from this many retrieved candidates per user, re-ranked exactly (0 = score every item: exact).
   * Off by default: retrieval can miss a true top-K item; `bench/scale-recall.ts` measures how often.
   */
  candidates: number;
  /** Leading singular directions of the candidate retrieval's dot product (the query is twice as wide). */
  retrievalRank: number;
  /** Most popular items whose item–item Gram columns the candidate re-rank keeps (memory: this × items floats). */
  hotItems: number;
  /** k-means lists of the candidate retrieval's inverted file (0 = `topkDot` screens every item; `ivf.ts`). */
  ivfLists: number;
  /** Lists the inverted-file retrieval reads per user. */
  ivfProbe: number;
  /**
   * Index of the candidate retrieval: `auto` (the inverted file when `ivfLists` > 0, else screen every item) or
   * `hnsw` (a navigable small-world graph over the retrieval rows, `hnsw.ts`: a user's cost grows ≈ log items).
   */
  ann: 'auto' | 'hnsw';
  /** Links per node of the HNSW graph (layer 0: twice this). */
  hnswM: number;
  /** Beam width of an HNSW search (raised to `candidates` when smaller). */
  hnswEf: number;
  /**
   * Re-rank of the candidates: `exact` (the filter's score) or `estimate` (the part that walks item lists replaced by
   * its low-rank value, `rerankWalks` candidates walked exactly): bounds a user's cost, which exact grows with item
   * degrees.
   */
  rerank: 'exact' | 'estimate';
  /** With `rerank` = estimate: non-hot candidates, the best by the estimate, whose score is computed exactly. */
  rerankWalks: number;
  /**
   * Items co-rated with a user's less popular items (the best by the sparse term) added to the retrieved candidates:
   * the tail items the retrieval's leading directions rank low (`co-rated.ts`; 0 = none).
   */
  coRated: number;
  /** Co-raters' list entries the co-rated walk reads per user (the most informative co-raters first). */
  coRatedBudget: number;
  /**
   * Side of the randomized SVD's dense sketch: `users` (users × sketch float64s), `items` (items × sketch, through the
   * item Gram: memory bounded by the catalogue) or `auto` (items once users outnumber items and the users-side block
   * would hold ≥ 2²⁴ values; smaller data keeps the users-side sketch the defaults were tuned with).
   */
  sketch: 'auto' | 'users' | 'items';
}

/** Keys, defaults (GF-CF with α = 0.3 and k = 384 capped at 10% of min(users, items): the best of the Gowalla validation grid) and ranges. */
export const GRAPH_FILTER_SCHEMA: ConfigSchema<GraphFilterConfig> = {
  variant: {
    type: 'enum',
    values: ['gf-cf', 'bspm'],
    default: 'gf-cf',
    description: 'gf-cf (linear + ideal low-pass) or bspm (blur, then sharpen)',
  },
  alpha: numberKey(0.3, 0, 'weight α of the ideal low-pass term'),
  rank: intKey(384, 0, 'singular vectors k of the ideal low-pass term (0 turns it off)'),
  ...rsvdKeys('k'),
  userExp: numberKey(0.5, 0, 'exponent a of D_U^-a in the normalised matrix'),
  itemExp: numberKey(0.5, 0, 'exponent b of D_I^-b in the normalised matrix'),
  sharpenT: numberKey(1, 0, 'BSPM sharpening time T_s'),
  sharpenSteps: intKey(1, 1, 'BSPM sharpening steps K_s'),
  solver: {
    type: 'enum',
    values: ['euler', 'rk4'],
    default: 'rk4',
    description: 'BSPM solver of the sharpening ODE',
  },
  blockSize: intKey(256, 1, 'users scored per block (memory: block × items floats)'),
  threads: threadsKey('ideal term’s dense product'),
  candidates: intKey(
    0,
    0,
    'GF-CF top-K re-ranks this many retrieved candidates per user (0 = score all items)',
  ),
  retrievalRank: intKey(64, 1, 'singular directions of the candidate retrieval'),
  hotItems: intKey(
    512,
    0,
    'popular items whose Gram columns the candidate re-rank keeps (memory: × items floats)',
  ),
  ivfLists: intKey(0, 0, 'k-means lists of the candidate retrieval’s inverted file (0 = screen every item)'),
  ivfProbe: intKey(16, 1, 'lists the inverted-file candidate retrieval reads per user'),
  ann: {
    type: 'enum',
    values: ['auto', 'hnsw'],
    default: 'auto',
    description:
      'candidate retrieval index: auto (IVF when ivfLists > 0, else screen all items) or hnsw (graph)',
  },
  hnswM: intKey(16, 2, 'links per node of the HNSW candidate retrieval graph (layer 0: twice this)'),
  hnswEf: intKey(0, 0, 'beam width of an HNSW search (raised to candidates when smaller)'),
  rerank: {
    type: 'enum',
    values: ['exact', 'estimate'],
    default: 'exact',
    description:
      'candidate re-rank: exact, or a low-rank estimate with rerankWalks candidates walked exactly',
  },
  rerankWalks: intKey(20, 0, 'with rerank=estimate: candidates (best estimates) scored exactly'),
  coRated: intKey(50, 0, 'items co-rated with the user’s less popular items added to the candidates'),
  coRatedBudget: intKey(4096, 1, 'co-raters’ list entries the co-rated candidate walk reads per user'),
  sketch: {
    type: 'enum',
    values: ['auto', 'users', 'items'],
    default: 'auto',
    description:
      'side of the SVD sketch (items: memory bounded by the catalogue; auto: items on large user bases)',
  },
};

/** Default configuration. */
export const DEFAULT_CONFIG: Readonly<GraphFilterConfig> = schemaDefaults(GRAPH_FILTER_SCHEMA);

/** Fills defaults and checks a user-supplied config (unknown keys and bad values throw `ConfigError`). */
export function parseConfig(raw: Readonly<Record<string, unknown>>): GraphFilterConfig {
  return parseSchemaConfig('graph-filter', GRAPH_FILTER_SCHEMA, raw);
}
