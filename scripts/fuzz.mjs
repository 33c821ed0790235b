// Deep fuzzing (issue 21): runs every test/fuzz.*.test.ts with many cases per target and prints, per target,
// the case count, the seed and the time. `npm test` runs the same properties with a few hundred cases.
// Usage: npm run fuzz [-- --runs N] [--seed S] [--target readers|http|safetensors|model-folder ...]
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] !== undefined ? args[k + 1] : fallback;
};
const runs = opt('--runs', '100000');
const seed = opt('--seed', String(Date.now() % 2 ** 31));
const targets = args.flatMap((a, k) => (args[k - 1] === '--target' ? [a] : []));
if (!/^\d+$/.test(runs) || !/^-?\d+$/.test(seed)) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed S] [--target NAME ...]');
  process.exit(2);
}
const files = readdirSync('test')
  .filter((f) => /^fuzz\..*\.test\.ts$/.test(f))
  .sort()
  .map((f) => `test/${f}`);
console.log(`fuzz: ${runs} cases per target, seed ${seed} (rerun a failure with --seed ${seed})`);
const started = Date.now();
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    ...(targets.length > 0 ? ['--test-name-pattern', targets.join('|')] : []),
    ...files,
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, GNNREC_FUZZ_RUNS: runs, GNNREC_FUZZ_SEED: seed },
  },
);
console.log(`fuzz: done in ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${r.status}`);
process.exit(r.status ?? 1);
