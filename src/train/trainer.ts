// The one training loop (early stopping, best-epoch restore); its code sits in models/shared/ so that models which
// fit other models can use it without importing train/.
export {
  isCheckpointable,
  selectionMetric,
  trainWithEarlyStopping,
  type Checkpointable,
  type EarlyStoppingOptions,
  type TrainResult,
} from '../models/shared/early-stopping.ts';
