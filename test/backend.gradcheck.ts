// Finite-difference gradient checking for the backend conformance suite.
import { Rng } from '../src/util/rng.ts';
import type { Tensor } from '../src/tensor/index.ts';
import { backward, noGrad } from '../src/tensor/index.ts';

function weighted(out: Tensor, w: Float32Array): number {
  let s = 0;
  for (let i = 0; i < out.size; i++) s += out.data[i] * w[i];
  return s;
}

/**
 * Checks the analytic gradient of Σ w·fn(inputs) for random weights w against central differences
 * on up to `probes` elements per input. Throws with the seed on mismatch.
 */
export function gradCheck(
  name: string,
  fn: (ts: Tensor[]) => Tensor,
  inputs: Tensor[],
  seed: number,
  opts: { h?: number; rtol?: number; atol?: number; probes?: number } = {},
): void {
  const h = opts.h ?? 1e-2,
    rtol = opts.rtol ?? 2e-2,
    atol = opts.atol ?? 5e-3,
    probes = opts.probes ?? 10;
  const rng = new Rng(seed ^ 0x5bd1e995);
  for (const t of inputs) t.grad = null;
  const out = fn(inputs);
  const w = new Float32Array(out.size);
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform() * 2 - 1;
  backward(out, w);
  inputs.forEach((t, k) => {
    if (!t.requiresGrad) return;
    const analytic = t.grad ?? new Float32Array(t.size);
    const picks =
      t.size <= probes
        ? Array.from({ length: t.size }, (_, i) => i)
        : Array.from({ length: probes }, () => rng.int(t.size));
    for (const i of picks) {
      const orig = t.data[i];
      t.data[i] = orig + h;
      const fp = noGrad(() => weighted(fn(inputs), w));
      t.data[i] = orig - h;
      const fm = noGrad(() => weighted(fn(inputs), w));
      t.data[i] = orig;
      const num = (fp - fm) / (2 * h);
      const ana = analytic[i];
      if (!(Math.abs(num - ana) <= atol + rtol * Math.abs(num))) {
        throw new Error(
          `${name}: d/d input${k}[${i}]: analytic ${ana}, numeric ${num} (seed ${seed}; rerun with GNNREC_SEED=${seed})`,
        );
      }
    }
  });
}
