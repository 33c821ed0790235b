import { LightGcn } from '../lightgcn/lightgcn.ts';
import type { LightGcnConfig } from '../lightgcn/config.ts';

/**
 * Matrix factorisation with BPR (Rendle et al., UAI 2009): score(u, i) = p_u · q_i. Exactly LightGCN with zero
 * propagation layers, so it shares LightGCN's training loop, I/O and recommend path.
 */
export class MfBpr extends LightGcn {
  override readonly kind: string = 'mf-bpr';

  /** An untrained MF-BPR model (`layers` is forced to 0). */
  constructor(numUsers: number, numItems: number, cfg: Partial<LightGcnConfig> = {}) {
    super(numUsers, numItems, { ...cfg, layers: 0 });
  }

  /** Configuration as stored in the manifest (without `layers`, which MF-BPR does not have). */
  override config(): Record<string, unknown> {
    const rest: Record<string, unknown> = { ...this.cfg };
    delete rest.layers;
    return rest;
  }
}
