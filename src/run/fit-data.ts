// What a run fits on: the protocol's training part, or training and validation together (the rule for kinds with
// nothing to early-stop whose settings were chosen on validation beforehand, as the accuracy benches fit them).
import type { Interactions } from '../data/types.ts';
import type { ProtocolSetup } from '../eval/index.ts';
import type { TrainData } from '../models/recommender.ts';

/** Which interactions `trainRun` fits on. */
export type FitOn = 'train' | 'train+validation';

/** The two interaction sets one after the other (timestamps dropped: no model reads them at fit time). */
export function concatInteractions(a: Interactions, b: Interactions): Interactions {
  const cat = <T extends Int32Array | Float32Array>(x: T, y: T, mk: (n: number) => T): T => {
    const out = mk(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  return {
    user: cat(a.user, b.user, (n) => new Int32Array(n)),
    item: cat(a.item, b.item, (n) => new Int32Array(n)),
    rating: cat(a.rating, b.rating, (n) => new Float32Array(n)),
    timestamp: null,
  };
}

/** The training input for `fitOn`: validation joins the training part and is no longer offered for early stopping. */
export function fitData(setup: ProtocolSetup, fitOn: FitOn = 'train'): TrainData {
  if (fitOn === 'train') return setup.train;
  return { ...setup.train, train: concatInteractions(setup.train.train, setup.val), val: undefined };
}
