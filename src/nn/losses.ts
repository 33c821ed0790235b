import { Tensor } from '../tensor/tensor.ts';
import { sub } from '../tensor/ops/sub.ts';
import { mul } from '../tensor/ops/mul.ts';
import { mean } from '../tensor/ops/mean.ts';
import { sum } from '../tensor/ops/sum.ts';
import { div } from '../tensor/ops/div.ts';
import { neg } from '../tensor/ops/neg.ts';
import { square } from '../tensor/ops/square.ts';
import { logSigmoid } from '../tensor/ops/logSigmoid.ts';

function asTensor(t: Tensor | ArrayLike<number>, shape: readonly number[]): Tensor {
  return t instanceof Tensor ? t : Tensor.from(t, shape);
}

/** Bayesian personalised ranking: mean −log σ(pos − neg) over the batch. */
export function bprLoss(pos: Tensor, neg_: Tensor): Tensor {
  return neg(mean(logSigmoid(sub(pos, neg_))));
}

/** Mean squared error. */
export function mseLoss(pred: Tensor, target: Tensor | ArrayLike<number>): Tensor {
  return mean(square(sub(pred, asTensor(target, pred.shape))));
}

/** Weighted MSE: Σ w·(pred − target)² / Σ w (class weights per example); zero weights drop examples. */
export function weightedMseLoss(
  pred: Tensor,
  target: Tensor | ArrayLike<number>,
  weights: Tensor | ArrayLike<number>,
): Tensor {
  const w = asTensor(weights, pred.shape);
  let total = 0;
  for (let i = 0; i < w.size; i++) total += w.data[i];
  return div(
    sum(mul(w, square(sub(pred, asTensor(target, pred.shape))))),
    Tensor.scalar(total === 0 ? 1 : total),
  );
}

/** Binary cross-entropy on logits, mean over elements, stable for large |x|: x·(1−y) − log σ(x). */
export function bceWithLogits(logits: Tensor, targets: Tensor | ArrayLike<number>): Tensor {
  const y = asTensor(targets, logits.shape);
  const oneMinusY = Tensor.zeros(y.shape);
  for (let i = 0; i < y.size; i++) oneMinusY.data[i] = 1 - y.data[i];
  return mean(sub(mul(logits, oneMinusY), logSigmoid(logits)));
}
