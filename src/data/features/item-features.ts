import type { Dataset } from '../types.ts';
import { concatBlocks } from './block.ts';
import type { FeatureBlock } from './block.ts';
import { encodeGenres } from './genres.ts';
import { encodeType } from './category.ts';
import { encodeNumeric } from './numeric.ts';
import { hashedTitleEmbedding } from './text-hash.ts';
import {
  DEFAULT_TEXT_MODEL,
  findTextModelWeights,
  miniLmTitleEmbedding,
  textModelFingerprint,
} from './text-minilm.ts';
import {
  DEFAULT_FEATURE_CACHE,
  featureCacheDir,
  featureCacheKey,
  itemsFingerprint,
  readCachedBlock,
  writeCachedBlock,
} from './cache.ts';

/** Which item features to build (the notebooks' genres ‖ type ‖ title ‖ episodes). */
export interface ItemFeatureConfig {
  /** Multi-hot genres: `all`, a top-N count, or `none`. */
  genres: 'all' | 'none' | number;
  /** One-hot item type. */
  type: boolean;
  /** Standardised numeric fields with missing indicators. */
  numeric: boolean;
  /** Title embedding: `auto` (MiniLM when its weights exist, else hashed), `minilm`, `hash`, or `none`. */
  title: 'auto' | 'minilm' | 'hash' | 'none';
  /** Local sentence-transformer folder for `auto`/`minilm`. */
  textModel: string;
}

/** Bumped whenever an encoder's output changes, so stale cache entries are not reused. */
export const FEATURE_ENCODER_VERSION = 2;

/** Defaults: everything on, all genres, MiniLM when available. */
export const DEFAULT_ITEM_FEATURES: ItemFeatureConfig = {
  genres: 'all',
  type: true,
  numeric: true,
  title: 'auto',
  textModel: DEFAULT_TEXT_MODEL,
};

/** Options of `encodeItemFeatures`. */
export interface EncodeOptions {
  /** Cache folder; `null` disables caching. */
  cacheDir?: string | null;
  /** Where notices (e.g. the text-model fallback) go; default stderr. */
  notice?: (msg: string) => void;
}

/** Item features plus how they were produced. */
export interface ItemFeatures extends FeatureBlock {
  /** Title encoder actually used (`minilm`, `hash` or `none`). */
  titleEncoder: 'minilm' | 'hash' | 'none';
  /** Whether the block came from the cache. */
  cached: boolean;
  /** Cache key (items fingerprint + resolved config). */
  key: string;
}

/**
 * Builds the item feature matrix of a dataset, once: results are cached under a key made of the
 * items fingerprint and the resolved encoder config, so repeated runs skip the text encoder.
 */
export async function encodeItemFeatures(
  ds: Dataset,
  cfg: Partial<ItemFeatureConfig> = {},
  o: EncodeOptions = {},
): Promise<ItemFeatures> {
  const c: ItemFeatureConfig = { ...DEFAULT_ITEM_FEATURES, ...cfg };
  const notice = o.notice ?? ((m: string) => process.stderr.write(`${m}\n`));
  let titleEncoder: ItemFeatures['titleEncoder'] =
    c.title === 'none' ? 'none' : c.title === 'hash' ? 'hash' : 'minilm';
  const hasTitles = ds.itemMeta.some((m) => !!m.title);
  if (!hasTitles) titleEncoder = 'none';
  if (titleEncoder === 'minilm' && !findTextModelWeights(c.textModel)) {
    if (c.title === 'minilm')
      notice(
        `notice: --text-model ${c.textModel} has no onnx/model*.onnx weights; using hashed n-gram TF-IDF title embeddings`,
      );
    else
      notice(
        `notice: no all-MiniLM-L6-v2 ONNX weights in ${c.textModel}; title embeddings fall back to hashed character n-gram TF-IDF (384 dims)`,
      );
    titleEncoder = 'hash';
  }
  const resolved = { ...c, title: titleEncoder, textModel: titleEncoder === 'minilm' ? c.textModel : '' };
  // The weights' hash, not only the folder: new weights dropped into the same folder must not hit old embeddings.
  const textWeights = titleEncoder === 'minilm' ? await textModelFingerprint(c.textModel) : null;
  const key = featureCacheKey(itemsFingerprint(ds.name, ds.items.toJSON(), ds.itemMeta), {
    ...resolved,
    textWeights,
    version: FEATURE_ENCODER_VERSION,
  });
  const cacheDir =
    o.cacheDir === undefined || o.cacheDir === DEFAULT_FEATURE_CACHE ? featureCacheDir() : o.cacheDir;
  if (cacheDir) {
    const hit = await readCachedBlock(cacheDir, key);
    if (hit) return { ...hit, titleEncoder, cached: true, key };
  }
  const blocks: FeatureBlock[] = [];
  let fellBack = false;
  const meta = ds.itemMeta;
  if (c.genres !== 'none') blocks.push(encodeGenres(meta, { topN: c.genres === 'all' ? 0 : c.genres }));
  if (c.type) blocks.push(encodeType(meta));
  if (titleEncoder !== 'none') {
    const titles = meta.map((m) => m.title ?? '');
    let t = null;
    const wanted = titleEncoder;
    if (titleEncoder === 'minilm') {
      try {
        t = await miniLmTitleEmbedding(titles, c.textModel);
      } catch (err) {
        // A corrupt or incompatible model folder (or no onnxruntime binary) must not stop training.
        notice(
          `notice: all-MiniLM-L6-v2 in ${c.textModel} failed to load (${(err as Error).message.split('\n')[0]}); using hashed n-gram TF-IDF title embeddings`,
        );
      }
    }
    if (!t) {
      titleEncoder = 'hash';
      t = hashedTitleEmbedding(titles);
      // Runtime fallback: do not cache hashed features under the MiniLM key.
      if (wanted === 'minilm') fellBack = true;
    }
    blocks.push(t);
  }
  if (c.numeric) blocks.push(encodeNumeric(meta));
  const out = concatBlocks(meta.length, blocks);
  if (cacheDir && !fellBack)
    await writeCachedBlock(cacheDir, key, out, { dataset: ds.name, config: resolved });
  return { ...out, titleEncoder, cached: false, key };
}
