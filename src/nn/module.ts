import type { Parameter } from './parameter.ts';

/** Anything that owns parameters (layers, models). */
export interface Module {
  /** Every trainable parameter, in a stable order. */
  parameters(): Parameter[];
}
