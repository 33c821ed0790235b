// Train LightGCN on a MovieLens folder, save the model folder, reopen it and print one user's top 10.
// In this repository `--conditions=gnnrec-source` makes `import 'gnnrec'` load src/ (without it, the built dist/).
//   node --conditions=gnnrec-source --import tsx examples/train-and-recommend.ts [DATA] [MODEL_DIR] [USER]
import { openRun, recommendFor, setBackend, trainRun } from 'gnnrec';

const [data = '../shared/data/ml-latest-small', out = 'models/example-lightgcn', user = '1'] =
  process.argv.slice(2);

await setBackend('wasm'); // SIMD kernels; falls back to js with a notice
const trained = await trainRun({ kind: 'lightgcn', source: { data }, epochs: 20, seed: 1, out });
console.log(
  `trained ${trained.summary.model} on ${trained.summary.dataset.name}: test ${JSON.stringify(trained.summary.metrics.test)}`,
);

const run = await openRun(out);
const top = await recommendFor(run, user, 10);
console.log(`top ${top.k} for user ${top.user} (${top.rated} rated items left out):`);
for (const r of top.items) console.log(`${r.rank}\t${r.id}\t${r.score.toFixed(4)}\t${r.title ?? ''}`);
