// Fit the training-free graph filter, then explain its first recommendation for a user: which of the user's
// rated items contribute how much to that item's score.
//   node --conditions=gnnrec-source --import tsx examples/explain.ts [DATA] [MODEL_DIR] [USER]
import { explainFor, openRun, recommendFor, trainRun } from 'gnnrec';

const [data = '../shared/data/ml-latest-small', out = 'models/example-graph-filter', user = '1'] =
  process.argv.slice(2);

await trainRun({ kind: 'graph-filter', source: { data }, seed: 1, out });
const run = await openRun(out);
const [first] = (await recommendFor(run, user, 1)).items;
if (!first) throw new Error(`no recommendation for user ${user}`);
const why = await explainFor(run, user, first.id, { top: 5 });
console.log(
  `user ${why.user} ← item ${why.item} ${why.title ?? ''}: score ${why.score.toFixed(4)} (${why.scoreMeaning}) by ${why.method}`,
);
for (const c of why.contributions)
  console.log(`${c.id ?? '-'}\t${c.weight.toFixed(4)}\t${(100 * c.share).toFixed(1)}%\t${c.label}`);
