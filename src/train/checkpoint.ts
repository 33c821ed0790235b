/** A model that can copy its trainable state in memory and restore it (used for best-epoch restore). */
export interface Checkpointable {
  /** A copy of the state that `restoreCheckpoint` accepts. */
  checkpoint(): unknown;
  /** Restores a copy made by `checkpoint`. */
  restoreCheckpoint(state: never): void;
}

/** Whether `m` implements `Checkpointable` (structural check; models need not import this module). */
export function isCheckpointable(m: unknown): m is Checkpointable {
  const c = m as Partial<Checkpointable> | null;
  return !!c && typeof c.checkpoint === 'function' && typeof c.restoreCheckpoint === 'function';
}
