import { Tensor } from '../tensor.ts';
import { rowDot } from './rowDot.ts';
import { sqrt } from './sqrt.ts';
import { add } from './add.ts';
import { div } from './div.ts';
import { reshape } from './reshape.ts';

/** Scales each row of an [n, d] tensor to unit length; `eps` keeps all-zero rows finite. */
export function l2Normalize(x: Tensor, eps = 1e-12): Tensor {
  const norm = sqrt(add(rowDot(x, x), Tensor.scalar(eps * eps)));
  return div(x, reshape(norm, [x.shape[0], 1]));
}
