// The wasm backend's heap: a LightGCN-style training step inside tidy() returns every temporary, and a
// missing kernel module falls back to js with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/util/rng.ts';
import {
  Tensor,
  SparseMatrix,
  spmm,
  add,
  scale,
  gather,
  rowDot,
  backward,
  tidy,
  useBackend,
  jsBackend,
  setBackend,
  getBackend,
} from '../src/tensor/index.ts';
import { Embedding, Adam, normal, bprLoss } from '../src/nn/index.ts';
import { getRuntime } from '../src/tensor/backend/wasm/runtime.ts';
import { wasmBackendsForTests } from './backend.wasm-setup.ts';
import { randCsr } from './backend.refs.ts';

const [wasm] = await wasmBackendsForTests();

test('training steps inside tidy() leave the wasm heap where they found it', { skip: !wasm }, async () => {
  const heap = (await getRuntime()).heap;
  useBackend(wasm);
  try {
    const rng = new Rng(3);
    const n = 400,
      dim = 16;
    const A = new SparseMatrix(randCsr(rng, n, n, 4000));
    const emb = new Embedding(n, dim, normal(rng, 0.1));
    assert.ok(heap.owns(emb.weight.data), 'parameters live in the wasm heap');
    const opt = new Adam(emb.parameters(), { lr: 0.01 });
    const step = (): number =>
      tidy(() => {
        opt.zeroGrad();
        const e1 = spmm(A, emb.weight);
        const e2 = spmm(A, e1);
        const h = scale(add(add(emb.weight, e1), e2), 1 / 3);
        const u = Int32Array.from({ length: 64 }, () => rng.int(n));
        const p = Int32Array.from({ length: 64 }, () => rng.int(n));
        const q = Int32Array.from({ length: 64 }, () => rng.int(n));
        const hu = gather(h, u);
        const loss = bprLoss(rowDot(hu, gather(h, p)), rowDot(hu, gather(h, q)));
        backward(loss);
        opt.step();
        return loss.item();
      });
    step();
    step(); // first steps allocate gradients and Adam moments
    const before = heap.inUse;
    const losses: number[] = [];
    for (let i = 0; i < 10; i++) losses.push(step());
    assert.equal(heap.inUse, before, 'no heap growth across steps');
    assert.ok(losses.every(Number.isFinite));
  } finally {
    useBackend(jsBackend);
  }
});

test('a model built inside tidy() keeps its parameter storage on the wasm heap', { skip: !wasm }, () => {
  useBackend(wasm);
  try {
    const emb = tidy(() => new Embedding(50, 8, normal(new Rng(1), 1)));
    const before = emb.weight.toArray();
    // Reuse any freed block: if the weights had been freed, this would overwrite them.
    for (let i = 0; i < 20; i++) Tensor.full([50, 8], 7);
    assert.deepEqual(emb.weight.data, before);
  } finally {
    useBackend(jsBackend);
  }
});

test(
  'setBackend("wasm") selects the wasm backend and setBackend("js") switches back',
  { skip: !wasm },
  async () => {
    assert.equal(await setBackend('wasm', { threads: 2 }), 'wasm');
    assert.equal(getBackend().name, 'wasm');
    assert.equal(getBackend().threads, 2);
    assert.equal(await setBackend('js'), 'js');
    assert.equal(getBackend(), jsBackend);
  },
);

test('setBackend("wasm") without the kernel module falls back to js with a message', () => {
  const script = "import { setBackend } from './src/tensor/index.ts'; console.log(await setBackend('wasm'));";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
    env: { ...process.env, GNNREC_WASM: '/nonexistent/kernels.wasm' },
  });
  assert.equal(r.stdout.trim(), 'js');
  assert.match(r.stderr, /wasm backend unavailable .*npm run build.*using js/);
});
