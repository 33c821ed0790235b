/**
 * A message to a fold-in thread: load a model folder under a number, or fold a history in under a loaded one. With
 * `top`, the thread ranks the scores itself and answers only the best `k` items that are neither rated nor in
 * `exclude`: a few hundred numbers instead of a whole score row per new user, so the event loop's heap gets no
 * catalogue-sized buffer per request (those buffers' external memory drove frequent full collections).
 */
export type FoldInRequest =
  | { op: 'load'; id: number; model: number; dir: string }
  | {
      op: 'foldIn';
      id: number;
      model: number;
      items: Int32Array;
      ratings: Float32Array;
      top?: { k: number; exclude: Int32Array };
    };

/** A fold-in's best items, best first: model item indices and their scores. */
export interface FoldInTop {
  items: number[];
  scores: number[];
}

/**
 * A fold-in thread's answer to request `id` (−1: the thread is ready): scores, the ranked top (requests with
 * `top`), nothing (loaded) or an error.
 */
export interface FoldInReply {
  id: number;
  scores?: Float32Array;
  top?: FoldInTop;
  error?: string;
}

/** What a fold-in thread starts with: the compute backend the server runs (so both fold in alike). */
export interface FoldInWorkerData {
  backend: 'wasm' | 'js';
}
