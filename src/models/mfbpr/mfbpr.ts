import type { ModelFactory } from '../registry.ts';
import { LightGcn, parseConfig, type LightGcnConfig } from '../lightgcn/lightgcn.ts';

/**
 * Matrix factorisation with BPR (Rendle et al., UAI 2009): score(u, i) = p_u · q_i. Exactly LightGCN with zero
 * propagation layers, so it shares LightGCN's training loop, I/O and recommend path.
 */
export class MfBpr extends LightGcn {
  override readonly kind: string = 'mfbpr';

  /** An untrained MF-BPR model (`layers` is forced to 0). */
  constructor(numUsers: number, numItems: number, cfg: Partial<LightGcnConfig> = {}) {
    super(numUsers, numItems, { ...cfg, layers: 0 });
  }
}

/** Registry entry of MF-BPR. */
export const mfBprFactory: ModelFactory = {
  kind: 'mfbpr',
  task: 'ranking',
  description: 'Matrix factorisation trained with BPR (LightGCN without propagation).',
  create: (config, s) => new MfBpr(s.numUsers, s.numItems, parseConfig(config)),
  load: (dir) => LightGcn.loadInto(dir, (u, i, c) => new MfBpr(u, i, c)),
};
