import { Tensor, shapeSize } from '../tensor.ts';
import { record } from '../autograd.ts';
import { accumulate } from './accumulate.ts';

/**
 * Same values under a new shape (one dimension may be −1). Copies, so each tensor owns its storage
 * and `tidy` can free them independently.
 */
export function reshape(a: Tensor, shape: readonly number[]): Tensor {
  const s = shape.slice();
  const free = s.indexOf(-1);
  if (free >= 0) s[free] = a.size / shapeSize(s.filter((_, i) => i !== free));
  if (shapeSize(s) !== a.size) throw new RangeError(`cannot reshape [${a.shape}] to [${shape}]`);
  const out = Tensor.empty(s);
  out.data.set(a.data);
  return record(out, [a], (g) => accumulate(a, g));
}
