import { buildAlias } from '../../graph/alias.ts';
import type { Rng } from '../../util/rng.ts';

/**
 * Skip-gram with negative sampling over token sequences (Mikolov et al., "Distributed Representations
 * of Words and Phrases and their Compositionality", NIPS 2013), as word2vec's C kernel does it: dynamic
 * window (uniform 1..window each side), `negatives` draws from unigram^0.75, plain SGD with linearly
 * decaying learning rate, Hogwild-style in-place updates on Float32Arrays, one thread so a seed fixes
 * the result. Shapes: sequences `count × length` token ids (−1 = padding); embeddings `n × dim`.
 */
export interface SgnsOptions {
  dim: number;
  /** Maximum distance between centre and context (the effective window is drawn in 1..window). */
  window: number;
  /** Negative samples per positive pair. */
  negatives: number;
  epochs: number;
  /** Starting learning rate; decays linearly to `lr·1e-4` over all epochs. */
  lr: number;
  /**
   * Share one table for input and output vectors (the notebook's Keras model: one `Embedding` for
   * target and context); false is word2vec's separate input/output tables.
   */
  tied: boolean;
}

/** Token sequences as a row-major matrix (node2vec walks). */
export interface Sequences {
  data: Int32Array;
  count: number;
  length: number;
}

/** Trained input vectors (`n × dim`, not normalised) and the mean loss per pair of each epoch. */
export interface SgnsResult {
  vectors: Float32Array;
  loss: number[];
}

/** Per-epoch callback with a Float32 snapshot of the input vectors (`n × dim`); returning 'stop' ends training. */
export type SgnsEpochHook = (
  epoch: number,
  loss: number,
  seconds: number,
  vectors: Float32Array,
) => void | 'stop';

/** Trains skip-gram vectors for tokens 0..n−1 from `seq`. */
export function trainSgns(
  seq: Sequences,
  n: number,
  opts: SgnsOptions,
  rng: Rng,
  onEpoch?: SgnsEpochHook,
): SgnsResult {
  const { dim, negatives } = opts;
  const counts = new Float64Array(n);
  let tokens = 0;
  for (let k = 0; k < seq.data.length; k++) {
    const t = seq.data[k];
    if (t >= 0) {
      counts[t]++;
      tokens++;
    }
  }
  for (let i = 0; i < n; i++) counts[i] = Math.pow(counts[i], 0.75);
  const neg = buildAlias(counts);
  // Float64 tables: V8 converts on every Float32Array load and store, which costs more than the memory.
  const syn0 = new Float64Array(n * dim);
  for (let k = 0; k < syn0.length; k++) syn0[k] = (rng.uniform() - 0.5) / dim;
  const syn1 = opts.tied ? syn0 : new Float64Array(n * dim);
  const grad = new Float64Array(dim);
  const { prob, alias } = neg;
  const data = seq.data;
  const len = seq.length;
  const window = opts.window;
  const total = opts.epochs * tokens + 1;
  const loss: number[] = [];
  let done = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const t0 = performance.now();
    let lossSum = 0;
    let lossPairs = 0;
    let pairs = 0;
    for (let base = 0; base < data.length; base += len) {
      for (let t = 0; t < len; t++) {
        const centre = data[base + t];
        if (centre < 0) continue;
        done++;
        const lr = opts.lr * Math.max(1 - done / total, 1e-4);
        const span = window - rng.int(window);
        const lo = Math.max(0, t - span);
        const hi = Math.min(len - 1, t + span);
        for (let j = lo; j <= hi; j++) {
          const ctx = data[base + j];
          // Same token twice (a walk returning to its node) teaches nothing; the notebook drops it too.
          if (j === t || ctx < 0 || ctx === centre) continue;
          // The loss is only monitored, so it is estimated on every 8th pair: logs cost as much as the update.
          const track = (pairs & 7) === 0;
          pairs++;
          const l1 = ctx * dim;
          grad.fill(0);
          for (let d = 0; d <= negatives; d++) {
            let target = centre;
            let label = 1;
            if (d > 0) {
              const s = rng.int(n);
              target = rng.uniform() < prob[s] ? s : alias[s];
              if (target === centre) continue;
              label = 0;
            }
            const l2 = target * dim;
            let f = 0;
            for (let c = 0; c < dim; c++) f += syn0[l1 + c] * syn1[l2 + c];
            const sig = sigmoid(f);
            if (track) lossSum -= Math.log(label === 1 ? sig : 1 - sig);
            const g = (label - sig) * lr;
            // Fused: accumulate the input gradient from the old output row, then update that row.
            for (let c = 0; c < dim; c++) {
              const o = syn1[l2 + c];
              grad[c] += g * o;
              syn1[l2 + c] = o + g * syn0[l1 + c];
            }
          }
          if (track) lossPairs++;
          for (let c = 0; c < dim; c++) syn0[l1 + c] += grad[c];
        }
      }
    }
    const mean = lossPairs > 0 ? lossSum / lossPairs : 0;
    loss.push(mean);
    if (onEpoch?.(epoch + 1, mean, (performance.now() - t0) / 1000, Float32Array.from(syn0)) === 'stop')
      break;
  }
  return { vectors: Float32Array.from(syn0), loss };
}

const MAX_EXP = 6;
const TABLE = 4096;
/** word2vec's precomputed logistic over [−6, 6]; outside, the gradient saturates (σ clamped away from 0 and 1). */
const SIGMOID = Float64Array.from({ length: TABLE + 1 }, (_, k) => {
  const x = ((2 * k) / TABLE - 1) * MAX_EXP;
  return 1 / (1 + Math.exp(-x));
});

function sigmoid(f: number): number {
  if (f >= MAX_EXP) return SIGMOID[TABLE];
  if (f <= -MAX_EXP) return SIGMOID[0];
  return SIGMOID[((f + MAX_EXP) * (TABLE / (2 * MAX_EXP))) | 0];
}

/** Scales each `dim`-row of `v` to unit L2 norm in place (zero rows stay zero). */
export function l2NormalizeRows(v: Float32Array, dim: number): Float32Array {
  for (let r = 0; r < v.length; r += dim) {
    let s = 0;
    for (let c = 0; c < dim; c++) s += v[r + c] * v[r + c];
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let c = 0; c < dim; c++) v[r + c] *= inv;
  }
  return v;
}
