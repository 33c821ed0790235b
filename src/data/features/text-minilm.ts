import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { FeatureBlock } from './block.ts';
import { normaliseTitle } from './text-hash.ts';

/** Default folder of the all-MiniLM-L6-v2 model (transformers.js layout), relative to the working directory. */
export const DEFAULT_TEXT_MODEL = '../shared/models/all-MiniLM-L6-v2';

/** ONNX weight files transformers.js can load, in order of preference. */
const WEIGHTS = ['onnx/model_quantized.onnx', 'onnx/model.onnx'];

/** Returns the ONNX file of a local sentence-transformer folder, or null when its weights are missing. */
export function findTextModelWeights(dir: string): string | null {
  for (const w of WEIGHTS) if (existsSync(join(dir, w))) return join(dir, w);
  return null;
}

/**
 * Content fingerprint of a text model's ONNX weights (file name + sha256 prefix), or null without weights;
 * meant for feature cache keys, so new weights in the same folder are not served stale cached embeddings.
 */
export async function textModelFingerprint(dir: string): Promise<string | null> {
  const weights = findTextModelWeights(dir);
  if (!weights) return null;
  const h = createHash('sha256');
  for await (const chunk of createReadStream(weights)) h.update(chunk as Buffer);
  return `${basename(weights)}:${h.digest('hex').slice(0, 16)}`;
}

/** The subset of a transformers.js feature-extraction pipeline used here. */
interface FeatureExtractor {
  (
    texts: string[],
    opts: { pooling: 'mean'; normalize: boolean },
  ): Promise<{ data: Float32Array; dims: number[] }>;
}

/**
 * Sentence embeddings of titles with all-MiniLM-L6-v2 through @huggingface/transformers, from a
 * local folder only (remote downloads disabled): mean pooling + L2 normalisation, as
 * SentenceTransformer.encode does. Returns null when the folder lacks ONNX weights, so callers fall back.
 */
export async function miniLmTitleEmbedding(
  titles: readonly string[],
  dir: string,
  batch = 64,
): Promise<FeatureBlock | null> {
  const abs = resolve(dir);
  const weights = findTextModelWeights(abs);
  if (!weights) return null;
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.allowLocalModels = true;
  tf.env.localModelPath = dirname(abs) + '/';
  const quantized = weights.endsWith('model_quantized.onnx');
  const extractor = (await tf.pipeline('feature-extraction', basename(abs), {
    dtype: quantized ? 'q8' : 'fp32',
  })) as unknown as FeatureExtractor;
  // The width comes from the model's output (384 for all-MiniLM-L6-v2), not from a constant.
  let dim = 0;
  let data = new Float32Array(0);
  for (let s = 0; s < titles.length; s += batch) {
    const chunk = titles.slice(s, s + batch).map((t) => normaliseTitle(t));
    const out = await extractor(chunk, { pooling: 'mean', normalize: true });
    if (dim === 0) {
      dim = out.dims[1];
      data = new Float32Array(titles.length * dim);
    }
    if (out.dims[0] !== chunk.length || out.dims[1] !== dim)
      throw new Error(
        `text model returned [${out.dims.join(', ')}] for ${chunk.length} titles, expected [${chunk.length}, ${dim}]`,
      );
    data.set(out.data.subarray(0, chunk.length * dim), s * dim);
  }
  return { rows: titles.length, cols: dim, data, names: Array.from({ length: dim }, (_, k) => `title:${k}`) };
}
