import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdMap } from '../data/idmap.ts';
import type { ItemMeta } from '../data/types.ts';
import { buildKnowledgeGraph, decadeOf } from './kg.ts';
import { parseTriples } from './kg-triples.ts';
import { buildKgNeighbourhoods, REL_INTERACT } from './kg-neighbours.ts';

const items = new IdMap(['10', '20', '30']);
const itemMeta: ItemMeta[] = [
  { genres: ['Action', 'Comedy'], year: 1994, tags: ['Funny'] },
  { genres: ['Comedy'], type: 'Movie', year: 1999, tags: ['funny', 'funny'] },
  {},
];

function triples(kg: ReturnType<typeof buildKnowledgeGraph>): string[] {
  const name = (e: number): string => (e < kg.numItems ? `item${e}` : kg.entityNames[e - kg.numItems]);
  return Array.from(kg.head, (h, t) => `${name(h)} ${kg.relationNames[kg.relation[t]]} ${name(kg.tail[t])}`);
}

test('kg: exact triples from genres, type, tags (lower-cased, deduplicated), decade and an extra file', () => {
  const extra = parseTriples('head,relation,tail\n10,director,Jane Doe\n# comment\n20\tsequel_of\t10\n');
  const kg = buildKnowledgeGraph({ items, itemMeta }, { extra });
  assert.deepEqual(triples(kg), [
    'item0 genre genre:Action',
    'item0 genre genre:Comedy',
    'item0 tag tag:funny',
    'item0 decade decade:1990s',
    'item1 genre genre:Comedy',
    'item1 type type:Movie',
    'item1 tag tag:funny',
    'item1 decade decade:1990s',
    'item0 director Jane Doe',
    'item1 sequel_of item0',
  ]);
  assert.equal(decadeOf(2001), '2000s');
});

test('kg: sources select relations; bad triples lines name the line', () => {
  const kg = buildKnowledgeGraph({ items, itemMeta }, { sources: ['type'] });
  assert.deepEqual(triples(kg), ['item1 type type:Movie']);
  assert.throws(() => parseTriples('a,b\n', 'x.csv'), /x\.csv:1/);
});

test('kg neighbourhoods: users link to items, both edge directions with their own relations', () => {
  const kg = buildKnowledgeGraph({ items, itemMeta }, { sources: ['type'] });
  const nb = buildKgNeighbourhoods(2, kg, Int32Array.from([0, 1, 1, 1]), Int32Array.from([0, 1, 2, 1]));
  // Nodes: users 0,1; items 2,3,4; entity type:Movie 5.
  assert.equal(nb.numNodes, 6);
  const edges = (v: number): string[] =>
    Array.from(
      { length: nb.indptr[v + 1] - nb.indptr[v] },
      (_, q) => `${nb.relationNames[nb.rel[nb.indptr[v] + q]]}>${nb.nbr[nb.indptr[v] + q]}`,
    );
  assert.deepEqual(edges(0), ['interact>2']);
  assert.deepEqual(edges(1), ['interact>3', 'interact>4']);
  assert.deepEqual(edges(3), ['interacted_by>1', 'type>5']);
  assert.deepEqual(edges(5), ['type^-1>3']);
  assert.equal(nb.rel[nb.indptr[0]], REL_INTERACT);
});
