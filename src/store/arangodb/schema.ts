import type { ArangoDb } from './driver.ts';

/** Vertex collections (users, items), edge collections (ratings, recommendations), plain documents (models, meta). */
export const VERTICES = ['users', 'items'] as const;
/** Edge collections, both users → items. */
export const EDGES = ['ratings', 'recommendations'] as const;
/** Document collections outside the graph. */
export const DOCUMENTS = ['models', 'meta'] as const;
/** Name of the named graph over users, items, ratings and recommendations. */
export const GRAPH = 'gnnrec';

/** Creates missing collections, indices and the named graph (ArangoDB's mirror of the SQL schema). */
export async function ensureArangoSchema(db: ArangoDb): Promise<void> {
  for (const c of [...VERTICES, ...DOCUMENTS])
    if (!(await db.collection(c).exists())) await db.createCollection(c);
  for (const c of EDGES) if (!(await db.collection(c).exists())) await db.createEdgeCollection(c);
  // `seq` keeps import order (as in the SQL stores); the others serve per-user reads.
  await db.collection('users').ensureIndex({ type: 'persistent', fields: ['seq'], name: 'users_seq' });
  await db.collection('items').ensureIndex({ type: 'persistent', fields: ['seq'], name: 'items_seq' });
  await db.collection('ratings').ensureIndex({ type: 'persistent', fields: ['seq'], name: 'ratings_seq' });
  await db
    .collection('ratings')
    .ensureIndex({ type: 'persistent', fields: ['user', 'seq'], name: 'ratings_user' });
  await db
    .collection('recommendations')
    .ensureIndex({ type: 'persistent', fields: ['model', 'user', 'rank'], name: 'recs_model_user' });
  if (!(await db.graph(GRAPH).exists())) {
    await db.createGraph(
      GRAPH,
      EDGES.map((collection) => ({ collection, from: ['users'], to: ['items'] })),
    );
  }
}
