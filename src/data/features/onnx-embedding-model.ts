/**
 * Hand-encoded ONNX model of a bag-of-embeddings "sentence encoder" with a BERT-shaped interface, so
 * the transformers.js + onnxruntime path can be run offline without the real all-MiniLM-L6-v2 weights.
 * Field numbers follow onnx/onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto).
 */
import { ProtoWriter } from './protobuf-writer.ts';

/** TensorProto.DataType values used here. */
const FLOAT = 1;
const INT64 = 7;
/** AttributeProto.AttributeType.INT. */
const ATTR_INT = 2;

/** Weights of the embedding model: a word table [vocab, dim] and a token-type table [types, dim]. */
export interface EmbeddingModelWeights {
  vocab: number;
  dim: number;
  /** Row-major [vocab, dim]. */
  words: Float32Array;
  /** Row-major [types, dim]; BERT has 2 token types. */
  types: Float32Array;
}

function tensor(name: string, dims: readonly number[], dataType: number, raw: Uint8Array): ProtoWriter {
  const t = new ProtoWriter().packedInts(1, dims).int(2, dataType).string(8, name);
  return t.bytes(9, raw);
}

function floatTensor(name: string, dims: readonly number[], data: Float32Array): ProtoWriter {
  // raw_data is little-endian; every platform Node runs on here is little-endian, and the check keeps it honest.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
    throw new Error('big-endian hosts are not supported');
  return tensor(name, dims, FLOAT, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

function int64Tensor(name: string, values: readonly number[]): ProtoWriter {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return tensor(name, [values.length], INT64, raw);
}

/** ValueInfoProto of a tensor; a string dim is symbolic (dim_param), a number fixed (dim_value). */
function valueInfo(name: string, elemType: number, dims: readonly (string | number)[]): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims)
    shape.message(1, typeof d === 'string' ? new ProtoWriter().string(2, d) : new ProtoWriter().int(1, d));
  const tensorType = new ProtoWriter().int(1, elemType).message(2, shape);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
}

function node(
  op: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attrs: Record<string, number> = {},
): ProtoWriter {
  const n = new ProtoWriter();
  for (const i of inputs) n.string(1, i);
  for (const o of outputs) n.string(2, o);
  n.string(3, `${op}_${outputs[0]}`).string(4, op);
  for (const [k, v] of Object.entries(attrs))
    n.message(5, new ProtoWriter().string(1, k).int(3, v).int(20, ATTR_INT));
  return n;
}

/**
 * Encodes an ONNX model (IR 8, opset 13) with BERT's inputs `input_ids`, `attention_mask`,
 * `token_type_ids` (INT64 [batch_size, sequence_length]) and output `last_hidden_state`
 * (FLOAT [batch_size, sequence_length, dim]) = (words[input_ids] + types[token_type_ids]) · attention_mask.
 */
export function encodeEmbeddingOnnx(w: EmbeddingModelWeights): Uint8Array {
  if (w.words.length !== w.vocab * w.dim)
    throw new RangeError(`word table has ${w.words.length} values, expected ${w.vocab}×${w.dim}`);
  if (w.types.length % w.dim !== 0)
    throw new RangeError(`token-type table length ${w.types.length} is not a multiple of ${w.dim}`);
  const seq = ['batch_size', 'sequence_length'];
  const g = new ProtoWriter();
  g.message(1, node('Gather', ['word_embeddings', 'input_ids'], ['words'], { axis: 0 }));
  g.message(1, node('Gather', ['token_type_embeddings', 'token_type_ids'], ['types'], { axis: 0 }));
  g.message(1, node('Add', ['words', 'types'], ['summed']));
  g.message(1, node('Cast', ['attention_mask'], ['mask'], { to: FLOAT }));
  g.message(1, node('Unsqueeze', ['mask', 'unsqueeze_axes'], ['mask3']));
  g.message(1, node('Mul', ['summed', 'mask3'], ['last_hidden_state']));
  g.string(2, 'bag_of_embeddings');
  g.message(5, floatTensor('word_embeddings', [w.vocab, w.dim], w.words));
  g.message(5, floatTensor('token_type_embeddings', [w.types.length / w.dim, w.dim], w.types));
  g.message(5, int64Tensor('unsqueeze_axes', [2]));
  for (const name of ['input_ids', 'attention_mask', 'token_type_ids'])
    g.message(11, valueInfo(name, INT64, seq));
  g.message(12, valueInfo('last_hidden_state', FLOAT, [...seq, w.dim]));
  return new ProtoWriter()
    .int(1, 8)
    .message(8, new ProtoWriter().string(1, '').int(2, 13))
    .string(2, 'gnnrec-test')
    .message(7, g)
    .finish();
}
