/**
 * What a scope needs of a tensor. Declared here rather than imported, so `tensor.ts` (which registers every new
 * tensor with the scope) and this module do not import each other.
 */
export interface Scoped {
  readonly requiresGrad: boolean;
  readonly leaf: boolean;
  dispose(): void;
}

/**
 * Memory scopes. Tensors created inside `tidy(fn)` are disposed when `fn` returns, except those it
 * returns (or `keep`s) and those that require grad without a producing op (parameters). This is how a
 * training step frees its temporaries promptly on the wasm backend, whose storage the JS garbage
 * collector cannot see; on the js backend it only drops references early.
 */
const stack: Set<Scoped>[] = [];

/** Called by the Tensor constructor: registers the tensor with the innermost scope. */
export function onCreate(t: Scoped): void {
  if (stack.length > 0) stack[stack.length - 1].add(t);
}

/** Called by `Tensor.dispose`. */
export function onDispose(t: Scoped): void {
  for (const s of stack) s.delete(t);
}

/** Removes a tensor from every open scope so `tidy` leaves it alive; returns it. */
export function keep<T extends Scoped>(t: T): T {
  for (const s of stack) s.delete(t);
  return t;
}

/** Whether `v` looks like a tensor (storage, shape and `dispose`), as a tidy result may hold one. */
function isTensorLike(v: object): v is Scoped {
  return 'data' in v && 'shape' in v && 'dispose' in v;
}

/** Collects the tensors reachable from a tidy result (a tensor, an array, or a plain object of them). */
function collectTensors(v: unknown, out: Set<Scoped>, depth = 0): void {
  if (v === null || typeof v !== 'object' || depth > 3) return;
  if (isTensorLike(v)) {
    out.add(v);
    return;
  }
  const values = Array.isArray(v) ? v : Object.values(v);
  for (const x of values) collectTensors(x, out, depth + 1);
}

/**
 * Runs `fn` in a scope and disposes every tensor it created that is not part of its result.
 * Do not keep references to a disposed tensor's `.data`; copy with `toArray()` first.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Scoped>();
  stack.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    stack.pop();
  }
  if (
    result !== null &&
    typeof result === 'object' &&
    typeof (result as { then?: unknown }).then === 'function'
  ) {
    // Freeing at the first await would pull storage from under the rest of the function.
    throw new TypeError('tidy(fn): fn must be synchronous (wrap each synchronous step in its own tidy)');
  }
  const kept = new Set<Scoped>();
  collectTensors(result, kept);
  const parent = stack.length > 0 ? stack[stack.length - 1] : null;
  for (const t of scope) {
    // Leaves that require grad are parameters created inside a scope (e.g. a model built in tidy).
    if (kept.has(t) || (t.requiresGrad && t.leaf)) {
      parent?.add(t);
      continue;
    }
    t.dispose();
  }
  return result;
}
