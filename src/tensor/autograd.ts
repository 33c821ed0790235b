import { Tensor } from './tensor.ts';
import type { GradNode } from './tensor.ts';
import { freeF32 } from './backend/registry.ts';

let gradEnabled = true;

/** Whether ops currently record onto the tape. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording gradients (evaluation, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/**
 * Attaches a gradient rule to `out` when any input requires grad; returns `out`.
 * Every op calls this once: the tape is the graph of these nodes, walked backwards by `backward`.
 */
export function record(out: Tensor, inputs: readonly Tensor[], rule: (g: Float32Array) => void): Tensor {
  if (!gradEnabled || !inputs.some((t) => t.requiresGrad)) return out;
  const node: GradNode = { inputs, backward: rule };
  out.requiresGrad = true;
  out.leaf = false;
  out.node = node;
  return out;
}

/** Inputs in reverse topological order, so every output's gradient is complete before its rule runs. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: Array<[Tensor, number]> = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const inputs = top[0].node?.inputs ?? [];
    if (top[1] < inputs.length) {
      const next = inputs[top[1]++];
      if (next.requiresGrad && !seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      order.push(top[0]);
      stack.pop();
    }
  }
  return order.reverse();
}

/**
 * Back-propagates from `loss` (a one-element tensor unless `grad` is given), accumulating into the
 * `.grad` of every leaf that requires grad. The graph is released afterwards: intermediate tensors lose
 * their node and gradient, leaves keep accumulating until the optimizer's `zeroGrad`.
 */
export function backward(loss: Tensor, grad?: Float32Array): void {
  if (!loss.requiresGrad) throw new Error('backward: loss does not require grad (no parameter reached it)');
  if (grad === undefined && loss.size !== 1)
    throw new Error(`backward: loss has ${loss.size} elements; pass its gradient`);
  const order = topoOrder(loss);
  const g = loss.gradBuffer() as Float32Array;
  if (grad) g.set(grad);
  else g[0] += 1;
  for (const t of order) {
    const node = t.node;
    if (node === null) continue;
    if (t.grad !== null) node.backward(t.grad);
    t.node = null;
    if (t.grad !== null) {
      freeF32(t.grad);
      t.grad = null;
    }
  }
}

/** Convenience: a gradient-free tensor of the same shape sharing nothing with `t`. */
export function zerosLike(t: Tensor): Tensor {
  return Tensor.zeros(t.shape);
}
