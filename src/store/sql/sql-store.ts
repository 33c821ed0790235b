import type { Dataset } from '../../data/types.ts';
import type { Progress } from '../../util/progress.ts';
import type {
  ImportCounts,
  ImportOptions,
  ModelRecord,
  NewRating,
  RecommendationLists,
  RecommendationRow,
  Store,
  StoreCounts,
  StoredItem,
  StoredRating,
  UpsertCount,
  WriteRecommendationsOptions,
  WriteRecommendationsResult,
} from '../store.ts';
import type { SqlClient } from './client.ts';
import { CLEAR_SQL, SCHEMA_SQL } from './schema.ts';
import { importRows } from './import.ts';
import { assertFiniteDataset } from '../../data/finite.ts';
import { readRows } from './read.ts';
import { selectUserRatings, upsertUserRatings } from './ratings.ts';
import { replaceRecommendations, selectRecommendations } from './recommendations.ts';
import { itemMetaOf } from './rows.ts';

/** The `Store` over any PostgreSQL-compatible `SqlClient`: PGlite and the PostgreSQL server share it. */
export class SqlStore implements Store {
  /** Wraps a connected client; `url` is shown in messages (password removed by the caller); `schema` is created by `init`. */
  constructor(
    private readonly db: SqlClient,
    readonly url: string,
    /** DDL run by `init` (the PostgreSQL server passes its user-partitioned variant). */
    private readonly schema: string = SCHEMA_SQL,
  ) {}

  async init(): Promise<void> {
    await this.db.exec(this.schema);
  }

  async importDataset(ds: Dataset, opts?: ImportOptions): Promise<ImportCounts> {
    // Checked before the transaction: a non-finite number would otherwise fail inside PostgreSQL, naming nothing.
    // `async` so the check rejects the returned promise like any other import failure, never throws.
    assertFiniteDataset(ds);
    return this.db.transaction((tx) => importRows(tx, ds, opts));
  }

  readGraph(opts: { progress?: Progress } = {}): Promise<Dataset> {
    // One snapshot for all the reads, so a concurrent import cannot mix old users with new edges.
    return this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      return readRows(tx, opts.progress);
    });
  }

  addRatings(userId: string, ratings: readonly NewRating[]): Promise<UpsertCount> {
    return this.db.transaction((tx) => upsertUserRatings(tx, userId, ratings));
  }

  getRatings(userId: string): Promise<StoredRating[]> {
    return selectUserRatings(this.db, userId);
  }

  async ratingsSince(since: number): Promise<Array<StoredRating & { userId: string }>> {
    const rows = await this.db.query<{ user_id: string; item_id: string; rating: number; ts: number }>(
      'SELECT user_id, item_id, rating, ts::float8 AS ts FROM interactions WHERE ts >= $1 ORDER BY seq',
      [Math.floor(since)],
    );
    return rows.map((r) => ({ userId: r.user_id, itemId: r.item_id, rating: r.rating, timestamp: r.ts }));
  }

  async itemsFrom(from: number): Promise<Array<StoredItem & { seq: number }>> {
    const rows = await this.db.query<{ id: string; title: string | null; attrs: unknown; seq: number }>(
      'SELECT id, title, attrs, seq::float8 AS seq FROM items WHERE seq >= $1 ORDER BY seq, id',
      [Math.floor(from)],
    );
    return rows.map((r) => ({ id: r.id, title: r.title, meta: itemMetaOf(r.title, r.attrs), seq: r.seq }));
  }

  async upsertModel(m: ModelRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO models (id, kind, config, metrics) VALUES ($1, $2, $3::jsonb, $4::jsonb)
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, config = EXCLUDED.config, metrics = EXCLUDED.metrics`,
      [m.id, m.kind, JSON.stringify(m.config), JSON.stringify(m.metrics)],
    );
  }

  async getModel(id: string): Promise<ModelRecord | undefined> {
    const [r] = await this.db.query<{
      id: string;
      kind: string;
      config: Record<string, unknown>;
      metrics: Record<string, unknown>;
      ms: number;
    }>(
      'SELECT id, kind, config, metrics, (extract(epoch from created_at) * 1000)::float8 AS ms FROM models WHERE id = $1',
      [id],
    );
    if (r === undefined) return undefined;
    return {
      id: r.id,
      kind: r.kind,
      config: r.config,
      metrics: r.metrics,
      createdAt: new Date(r.ms).toISOString(),
    };
  }

  writeRecommendations(
    modelId: string,
    rows: readonly RecommendationRow[],
    opts?: WriteRecommendationsOptions,
  ): Promise<WriteRecommendationsResult> {
    return this.db.transaction((tx) => replaceRecommendations(tx, modelId, rows, opts));
  }

  writeRecommendationLists(modelId: string, lists: RecommendationLists): Promise<WriteRecommendationsResult> {
    return this.db.transaction((tx) => replaceRecommendations(tx, modelId, lists));
  }

  getRecommendations(modelId: string, userId: string, k: number): Promise<RecommendationRow[]> {
    return selectRecommendations(this.db, modelId, userId, k);
  }

  async getItems(ids: readonly string[]): Promise<StoredItem[]> {
    const rows = await this.db.query<{ id: string; title: string | null; attrs: unknown }>(
      'SELECT id, title, attrs FROM items WHERE id = ANY($1::text[])',
      [[...ids]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out: StoredItem[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (r !== undefined) out.push({ id, title: r.title, meta: itemMetaOf(r.title, r.attrs) });
    }
    return out;
  }

  listItems(): Promise<Array<{ id: string; title: string | null }>> {
    return this.db.query<{ id: string; title: string | null }>(
      'SELECT id, title FROM items ORDER BY seq, id',
    );
  }

  async counts(): Promise<StoreCounts> {
    const [r] = await this.db.query<StoreCounts>(
      `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM items)::int AS items,
              (SELECT count(*) FROM interactions)::int AS interactions, (SELECT count(*) FROM models)::int AS models,
              (SELECT count(*) FROM recommendations)::int AS recommendations`,
    );
    return r!;
  }

  async clear(): Promise<void> {
    await this.db.query(CLEAR_SQL);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
