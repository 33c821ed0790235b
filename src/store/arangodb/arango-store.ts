import type { Dataset } from '../../data/types.ts';
import type { Progress } from '../../util/progress.ts';
import type {
  ImportCounts,
  ImportOptions,
  ModelRecord,
  NewRating,
  RecommendationRow,
  Store,
  StoreCounts,
  StoredItem,
  StoredRating,
  UpsertCount,
  WriteRecommendationsOptions,
  WriteRecommendationsResult,
} from '../store.ts';
import { redactUrl } from '../errors.ts';
import { itemMetaOf } from '../sql/rows.ts';
import { connectArango } from './driver.ts';
import type { ArangoDb } from './driver.ts';
import { importArango } from './import.ts';
import { encodeKey } from './keys.ts';
import { readArango } from './read.ts';
import { DOCUMENTS, EDGES, VERTICES, ensureArangoSchema } from './schema.ts';
import { addArangoRatings, writeArangoRecommendations } from './writes.ts';
import { assertFiniteDataset } from '../../data/finite.ts';

/** The `Store` on ArangoDB: vertex collections users/items, edge collections ratings/recommendations, a named graph. */
export class ArangoStore implements Store {
  /** Wraps a connected database. */
  constructor(
    private readonly db: ArangoDb,
    readonly url: string,
  ) {}

  init(): Promise<void> {
    return ensureArangoSchema(this.db);
  }

  async importDataset(ds: Dataset, opts?: ImportOptions): Promise<ImportCounts> {
    // `async` so a rejected dataset rejects the promise, as every other import failure does.
    assertFiniteDataset(ds);
    return importArango(this.db, ds, opts);
  }

  readGraph(opts: { progress?: Progress } = {}): Promise<Dataset> {
    return readArango(this.db, opts.progress);
  }

  addRatings(userId: string, ratings: readonly NewRating[]): Promise<UpsertCount> {
    return addArangoRatings(this.db, userId, ratings);
  }

  async getRatings(userId: string): Promise<StoredRating[]> {
    const rows = await this.all<[string, number, number | null]>(
      'FOR e IN ratings FILTER e.user == @u SORT e.seq RETURN [e.item, e.rating, e.ts]',
      { u: userId },
    );
    return rows.map(([itemId, rating, timestamp]) => ({ itemId, rating, timestamp }));
  }

  async upsertModel(m: ModelRecord): Promise<void> {
    const doc = { id: m.id, kind: m.kind, config: m.config, metrics: m.metrics };
    await this.all(
      'UPSERT { _key: @k } INSERT MERGE(@d, { _key: @k, createdAt: DATE_ISO8601(DATE_NOW()) }) REPLACE MERGE(@d, { createdAt: OLD.createdAt }) IN models',
      {
        k: encodeKey(m.id),
        d: doc,
      },
    );
  }

  async getModel(id: string): Promise<ModelRecord | undefined> {
    const [m] = await this.all<ModelRecord | null>('RETURN DOCUMENT("models", @k)', { k: encodeKey(id) });
    return m
      ? { id: m.id, kind: m.kind, config: m.config, metrics: m.metrics, createdAt: m.createdAt }
      : undefined;
  }

  writeRecommendations(
    modelId: string,
    rows: readonly RecommendationRow[],
    opts?: WriteRecommendationsOptions,
  ): Promise<WriteRecommendationsResult> {
    return writeArangoRecommendations(this.db, modelId, rows, opts);
  }

  async getRecommendations(modelId: string, userId: string, k: number): Promise<RecommendationRow[]> {
    return this.all<RecommendationRow>(
      'FOR r IN recommendations FILTER r.model == @m AND r.user == @u SORT r.rank LIMIT @k RETURN { userId: r.user, itemId: r.item, score: r.score, rank: r.rank }',
      { m: modelId, u: userId, k },
    );
  }

  async getItems(ids: readonly string[]): Promise<StoredItem[]> {
    const rows = await this.all<{ id: string; title: string | null; attrs: unknown } | null>(
      'FOR k IN @keys RETURN DOCUMENT("items", k)',
      { keys: ids.map(encodeKey) },
    );
    return rows.flatMap((r) =>
      r ? [{ id: r.id, title: r.title ?? null, meta: itemMetaOf(r.title ?? null, r.attrs) }] : [],
    );
  }

  listItems(): Promise<Array<{ id: string; title: string | null }>> {
    return this.all('FOR i IN items SORT i.seq RETURN { id: i.id, title: i.title }', {});
  }

  async counts(): Promise<StoreCounts> {
    const [c] = await this.all<StoreCounts>(
      'RETURN { users: LENGTH(users), items: LENGTH(items), interactions: LENGTH(ratings), models: LENGTH(models), recommendations: LENGTH(recommendations) }',
      {},
    );
    return c!;
  }

  async clear(): Promise<void> {
    for (const c of [...EDGES, ...VERTICES, ...DOCUMENTS]) await this.db.collection(c).truncate();
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private async all<T>(q: string, bind: Record<string, unknown>): Promise<T[]> {
    return (await (await this.db.query(q, bind)).all()) as T[];
  }
}

/** Opens `arangodb://USER:PASS@HOST:PORT/DB` (database created when missing). */
export async function openArangoStore(url: string): Promise<Store> {
  return new ArangoStore(await connectArango(url), redactUrl(url));
}
