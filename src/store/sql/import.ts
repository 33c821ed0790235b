import type { Dataset } from '../../data/types.ts';
import type { ImportCounts, ImportOptions, UpsertCount } from '../store.ts';
import { silentProgress } from '../../util/progress.ts';
import type { SqlQueryable } from './client.ts';
import { itemColumns, testTail, tsColumn, uniqueInteractions } from './rows.ts';
import { EMPTY_SQL, escapedIds, interactionChunks, userChunks } from './import-copy.ts';
import { withIndexesRebuilt } from './rebuild-indexes.ts';
import { copyByUser } from './copy-partitions.ts';
import { reserveInteractionSeq } from './seq.ts';
import { interactionKeyOrder } from './key-order.ts';

// Each statement sends one batch as parallel arrays through unnest(): one round-trip per batch
// with parameters only (pg has no COPY without pg-copy-streams; PGlite's COPY needs a blob).
// `RETURNING (xmax = 0)` tells inserted rows from updated ones; unchanged rows are not returned
// because the `WHERE … IS DISTINCT FROM` guard skips them, so a re-import writes nothing.
const USERS_SQL = `WITH r AS (
  INSERT INTO users (id, attrs, seq)
  SELECT u.id, NULL, $2::bigint + u.o - 1 FROM unnest($1::text[]) WITH ORDINALITY AS u(id, o)
  ON CONFLICT (id) DO NOTHING RETURNING 1)
SELECT count(*)::int AS inserted, 0 AS updated FROM r`;

const ITEMS_SQL = `WITH r AS (
  INSERT INTO items (id, title, attrs, seq)
  SELECT u.id, u.title, u.attrs::jsonb, $4::bigint + u.o - 1
  FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(id, title, attrs, o)
  ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, attrs = EXCLUDED.attrs
  WHERE (items.title, items.attrs) IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.attrs)
  RETURNING (xmax = 0) AS ins)
SELECT count(*) FILTER (WHERE ins)::int AS inserted, count(*) FILTER (WHERE NOT ins)::int AS updated FROM r`;

/**
 * Upserts interactions given as arrays `$1 user_id, $2 item_id, $3 rating, $4 ts` with seq from `$5` (pairs unique
 * within a batch). Inserted = batch rows whose key did not exist before (`old` sees the statement's snapshot);
 * updated = rows written minus inserted. Not `xmax`: PostgreSQL refuses system columns in RETURNING of a
 * partitioned table (the server's `interactions` is partitioned by user, schema-partitioned.ts).
 */
export const INTERACTIONS_SQL = `WITH u AS MATERIALIZED (
  SELECT u.user_id, u.item_id, u.rating, u.ts, $5::bigint + u.o - 1 AS seq
  FROM unnest($1::text[], $2::text[], $3::real[], $4::bigint[]) WITH ORDINALITY AS u(user_id, item_id, rating, ts, o)),
old AS (SELECT count(*)::int AS n FROM interactions i JOIN u ON i.user_id = u.user_id AND i.item_id = u.item_id),
r AS (
  INSERT INTO interactions (user_id, item_id, rating, ts, seq)
  SELECT user_id, item_id, rating, ts, seq FROM u
  ON CONFLICT (user_id, item_id) DO UPDATE SET rating = EXCLUDED.rating, ts = EXCLUDED.ts
  WHERE (interactions.rating, interactions.ts) IS DISTINCT FROM (EXCLUDED.rating, EXCLUDED.ts)
  RETURNING 1)
SELECT (SELECT count(*) FROM u)::int - old.n AS inserted,
       (SELECT count(*) FROM r)::int - ((SELECT count(*) FROM u)::int - old.n) AS updated
FROM old`;

interface Counted {
  inserted: number;
  updated: number;
}

/** Next free `seq` of a table (import order continues after what is stored; `interactions` use `seq.ts`). */
export async function nextSeq(tx: SqlQueryable, table: 'users' | 'items'): Promise<number> {
  const [row] = await tx.query<{ next: number }>(
    `SELECT (coalesce(max(seq), -1) + 1)::float8 AS next FROM ${table}`,
  );
  return row?.next ?? 0;
}

/** Adds a batch's counts to a running total. */
export function addCount(total: UpsertCount, batch: Counted | undefined, size: number): void {
  const ins = batch?.inserted ?? 0;
  const upd = batch?.updated ?? 0;
  total.inserted += ins;
  total.updated += upd;
  total.unchanged += size - ins - upd;
}

async function isEmpty(tx: SqlQueryable, table: 'users' | 'interactions'): Promise<boolean> {
  const [row] = await tx.query<{ empty: boolean }>(EMPTY_SQL(table));
  return row?.empty === true;
}

/** Writes a whole dataset inside the caller's transaction, batch by batch (COPY into empty tables where the client can). */
export async function importRows(
  tx: SqlQueryable,
  ds: Dataset,
  opts: ImportOptions = {},
): Promise<ImportCounts> {
  const batch = opts.batchSize ?? 10_000;
  const progress = opts.progress ?? silentProgress;
  const counts: ImportCounts = {
    users: { inserted: 0, updated: 0, unchanged: 0 },
    items: { inserted: 0, updated: 0, unchanged: 0 },
    interactions: { inserted: 0, updated: 0, unchanged: 0 },
  };
  const userIds = ds.users.toJSON();
  const itemIds = ds.items.toJSON();

  let base = await nextSeq(tx, 'users');
  // Into an empty table every row is an insert: a PostgreSQL server then takes one streaming COPY (issue 23).
  const copy = tx.copyFrom && (await isEmpty(tx, 'users')) ? tx.copyFrom.bind(tx) : null;
  if (copy)
    counts.users.inserted = await copy('COPY users (id, attrs, seq) FROM STDIN', userChunks(ds, base));
  for (let s = 0; copy === null && s < userIds.length; s += batch) {
    const ids = userIds.slice(s, s + batch);
    const [r] = await tx.query<Counted>(USERS_SQL, [ids, base + s]);
    addCount(counts.users, r, ids.length);
    progress.update('users', s + ids.length, userIds.length);
  }

  base = await nextSeq(tx, 'items');
  for (let s = 0; s < itemIds.length; s += batch) {
    const ids = itemIds.slice(s, s + batch);
    const titles: Array<string | null> = [];
    const attrs: string[] = [];
    for (let i = s; i < s + ids.length; i++) {
      const c = itemColumns(ds.itemMeta[i]);
      titles.push(c.title);
      attrs.push(c.attrs);
    }
    const [r] = await tx.query<Counted>(ITEMS_SQL, [ids, titles, attrs, base + s]);
    addCount(counts.items, r, ids.length);
    progress.update('items', s + ids.length, itemIds.length);
  }

  const keep = uniqueInteractions(ds);
  const { user, item, rating, timestamp } = ds.interactions;
  base = await reserveInteractionSeq(tx, keep.length);
  const copyEdges = tx.copyFrom && (await isEmpty(tx, 'interactions')) ? tx.copyFrom.bind(tx) : null;
  // The table is empty, so its keys are built once after the COPY instead of row by row during it, and each row goes
  // straight into its user's partition (copy-partitions.ts).
  if (copyEdges) {
    let done = 0;
    const ids = escapedIds(ds);
    // Rows go in primary-key order (each keeps its import-order `seq`): the key's build then finds them sorted. The
    // build keeps its parallel workers: without them it costs the server less CPU but takes longer (stop 22, 10⁷).
    const byKey = interactionKeyOrder(ds, keep);
    counts.interactions.inserted = await withIndexesRebuilt(tx, 'interactions', () =>
      copyByUser(
        tx,
        copyEdges,
        'interactions',
        'user_id, item_id, rating, ts, seq',
        userIds,
        keep.length,
        (r) => user[keep[byKey[r]!]!]!,
        (order) => {
          const rows = order === null ? byKey : order.map((r) => byKey[r]!);
          const chunks = interactionChunks(ds, keep, base, progress, rows, done, ids);
          done += rows.length;
          return chunks;
        },
      ),
    );
  }
  for (let s = 0; copyEdges === null && s < keep.length; s += batch) {
    const e = Math.min(keep.length, s + batch);
    const u: string[] = [];
    const it: string[] = [];
    const r: number[] = [];
    const t: Array<number | null> = [];
    for (let k = s; k < e; k++) {
      const i = keep[k]!;
      u.push(userIds[user[i]!]!);
      it.push(itemIds[item[i]!]!);
      r.push(rating[i]!);
      t.push(tsColumn(timestamp?.[i]));
    }
    const [c] = await tx.query<Counted>(INTERACTIONS_SQL, [u, it, r, t, base + s]);
    addCount(counts.interactions, c, e - s);
    progress.update('interactions', e, keep.length);
  }
  progress.end();

  const meta = {
    name: ds.name,
    format: ds.format,
    ratingRange: ds.ratingRange,
    testSeq: await splitMeta(tx, ds, keep, base, counts),
  };
  await tx.query(
    `INSERT INTO meta (key, value) VALUES ('dataset', $1::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE meta.value IS DISTINCT FROM EXCLUDED.value`,
    [JSON.stringify(meta)],
  );
  return counts;
}

/**
 * The provided split as a `seq` range `[from, to)` of test interactions. Exact when this import
 * inserted every interaction (seq = base + position); an import that changed nothing keeps the
 * stored range; anything else (a partial overlap) cannot be described by one range and drops it.
 */
async function splitMeta(
  tx: SqlQueryable,
  ds: Dataset,
  keep: Int32Array,
  base: number,
  counts: ImportCounts,
): Promise<[number, number] | null> {
  const tail = testTail(ds, keep);
  if (tail === null) return null;
  if (counts.interactions.inserted === keep.length) return [base + tail[0], base + tail[1]];
  if (counts.interactions.inserted === 0) {
    const [row] = await tx.query<{ value: { testSeq?: [number, number] | null } }>(
      `SELECT value FROM meta WHERE key = 'dataset'`,
    );
    return row?.value.testSeq ?? null;
  }
  return null;
}
