/**
 * Test support: writes a transformers.js sentence-transformer folder (tokenizer files, `config.json`,
 * `onnx/model.onnx`) whose model is a seeded random bag of embeddings, so `miniLmTitleEmbedding` can run
 * for real (tokenizer → onnxruntime-node → mean pooling) on a machine without the all-MiniLM-L6-v2 weights.
 */
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from '../../util/rng.ts';
import { encodeEmbeddingOnnx } from './onnx-embedding-model.ts';
import type { EmbeddingModelWeights } from './onnx-embedding-model.ts';

/** BERT's special tokens in the order of the tiny vocabulary's first ids. */
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/** A tiny lower-cased WordPiece vocabulary (specials first) that covers a few movie titles. */
export const TINY_VOCAB: readonly string[] = [
  ...SPECIALS,
  ...[
    'toy',
    'story',
    'heat',
    'the',
    'matrix',
    'reload',
    '##ed',
    '##s',
    'star',
    'war',
    'a',
    'new',
    'hope',
    'jumanji',
  ],
  ...['(', ')', ':', '-', ',', '.', "'", '&', '2', '1995', '1999', '2003', '1977', 'episode', 'iv', '##ing'],
];

/** Tokenizer files for a BERT uncased WordPiece vocabulary, in the layout the Hugging Face tokenizers write. */
export function bertTokenizerFiles(vocab: readonly string[]): Record<string, string> {
  const id = (t: string): number => {
    const i = vocab.indexOf(t);
    if (i < 0) throw new RangeError(`vocabulary lacks ${t}`);
    return i;
  };
  const special = (t: string): unknown => ({
    id: id(t),
    content: t,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map(special),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
  const tokens = {
    cls_token: '[CLS]',
    mask_token: '[MASK]',
    pad_token: '[PAD]',
    sep_token: '[SEP]',
    unk_token: '[UNK]',
  };
  const config = {
    ...tokens,
    clean_up_tokenization_spaces: true,
    do_basic_tokenize: true,
    do_lower_case: true,
    model_max_length: 512,
    never_split: null,
    strip_accents: null,
    tokenize_chinese_chars: true,
    tokenizer_class: 'BertTokenizer',
  };
  return {
    'tokenizer.json': JSON.stringify(tokenizer),
    'tokenizer_config.json': JSON.stringify(config, null, 2),
    'special_tokens_map.json': JSON.stringify(tokens, null, 2),
    'vocab.txt': vocab.join('\n') + '\n',
  };
}

/** Options of `writeMiniLmFixture`. */
export interface MiniLmFixtureOptions {
  /** Embedding width (all-MiniLM-L6-v2 has 384). */
  dim?: number;
  /** Seed of the random tables. */
  seed?: number;
  /** Copy the tokenizer files from this real model folder instead of writing `TINY_VOCAB`'s. */
  tokenizerFrom?: string;
}

/** A written fixture folder and the weights inside its ONNX model. */
export interface MiniLmFixture extends EmbeddingModelWeights {
  dir: string;
  /** Path of the ONNX file (`onnx/model.onnx`). */
  onnx: string;
}

/**
 * Writes a model folder into `dir`: tokenizer files (the tiny vocabulary, or copied from `tokenizerFrom`),
 * a BERT `config.json`, and `onnx/model.onnx` with N(0, 1) word and token-type tables drawn from `seed`.
 */
export async function writeMiniLmFixture(dir: string, o: MiniLmFixtureOptions = {}): Promise<MiniLmFixture> {
  const dim = o.dim ?? 16;
  await mkdir(join(dir, 'onnx'), { recursive: true });
  let vocab: number;
  if (o.tokenizerFrom) {
    for (const f of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt']) {
      await copyFile(join(o.tokenizerFrom, f), join(dir, f));
      // The shared model files are read-only; the copies must stay rewritable.
      await chmod(join(dir, f), 0o644);
    }
    vocab = (await readFile(join(o.tokenizerFrom, 'vocab.txt'), 'utf8'))
      .split('\n')
      .filter((l) => l.length > 0).length;
  } else {
    for (const [f, text] of Object.entries(bertTokenizerFiles(TINY_VOCAB)))
      await writeFile(join(dir, f), text);
    vocab = TINY_VOCAB.length;
  }
  const config = {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dim,
    vocab_size: vocab,
    type_vocab_size: 2,
    pad_token_id: 0,
    max_position_embeddings: 512,
  };
  await writeFile(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  const rng = new Rng(o.seed ?? 1);
  const words = Float32Array.from({ length: vocab * dim }, () => rng.normal());
  const types = Float32Array.from({ length: 2 * dim }, () => rng.normal());
  const onnx = join(dir, 'onnx', 'model.onnx');
  await writeFile(onnx, encodeEmbeddingOnnx({ vocab, dim, words, types }));
  return { dir, onnx, vocab, dim, words, types };
}
