// Kept as the import path of `Checkpointable`; defined beside the loop that restores it.
export { isCheckpointable, type Checkpointable } from '../models/shared/early-stopping.ts';
