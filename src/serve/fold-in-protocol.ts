/** A message to a fold-in thread: load a model folder under a number, or fold a history in under a loaded one. */
export type FoldInRequest =
  | { op: 'load'; id: number; model: number; dir: string }
  | { op: 'foldIn'; id: number; model: number; items: Int32Array; ratings: Float32Array };

/** A fold-in thread's answer to request `id` (−1: the thread is ready): scores, nothing (loaded) or an error. */
export interface FoldInReply {
  id: number;
  scores?: Float32Array;
  error?: string;
}

/** What a fold-in thread starts with: the compute backend the server runs (so both fold in alike). */
export interface FoldInWorkerData {
  backend: 'wasm' | 'js';
}
