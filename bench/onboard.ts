// Onboarding benchmark (issue 19): how well each model kind serves a brand-new user from N ratings.
//   node --import tsx bench/onboard.ts [--data DIR] [--seed 1] [--history 5,10,20] [--models a,b] [--phase val|test|both] [--json]
// The same table as `gnnrec bench onboard` (the library part lives in src/eval/onboard-bench.ts).
// Protocol `onboard` (src/eval/onboard-split.ts): a seeded 20 % of users leaves training; each gives N random
// ratings (any value) as history and is scored on its other ratings ≥ 3.5, every item outside the history ranked.
// Validation carves a further 20 % out of the training users (never the held-out test users); defaults are
// chosen on `val` and then reported once on `test`. Numbers are noisy only in time: 2 shared cores.
import { runOnboardBench } from '../src/eval/onboard-bench.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  await setBackend('wasm');
  const json = process.argv.includes('--json');
  const phase = arg('phase') ?? 'both';
  if (phase !== 'val' && phase !== 'test' && phase !== 'both')
    throw new Error(`--phase ${phase}: val|test|both`);
  const res = await runOnboardBench({
    data: arg('data') ?? '../shared/data/ml-latest-small',
    seed: Number(arg('seed') ?? 1),
    history: (arg('history') ?? '5,10,20').split(',').map(Number),
    models: arg('models')?.split(','),
    phase,
    log: (line) => (json ? process.stderr : process.stdout).write(`${line}\n`),
  });
  if (json) process.stdout.write(`${JSON.stringify(res)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
