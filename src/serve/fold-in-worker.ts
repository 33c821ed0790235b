// A fold-in thread of `FoldInPool`: opens model folders through the registry and answers fold-in scores, so a new
// user's scoring (a pass over the whole catalogue) runs beside the event loop instead of on it.
import { parentPort, workerData } from 'node:worker_threads';
import type { Recommender, TopK } from '../models/recommender.ts';
import type { FoldInReply, FoldInRequest, FoldInTop, FoldInWorkerData } from './fold-in-protocol.ts';

const port = parentPort;
if (!port) throw new Error('fold-in-worker runs as a worker thread');
await import('../models/index.ts');
// The server's backend, so a thread's fold-in scores as the inline fold-in does (wasm: the packed item gemm).
const { setBackend } = await import('../tensor/backend/registry.ts');
await setBackend((workerData as FoldInWorkerData | null)?.backend ?? 'js', { threads: 1 });
const { openModelFolder } = await import('../models/io/open-folder.ts');
const { topKIndices } = await import('./topk.ts');
const models = new Map<number, Recommender>();

port.on('message', (msg: FoldInRequest) => {
  void (async (): Promise<FoldInReply> => {
    try {
      if (msg.op === 'load') {
        models.set(msg.model, (await openModelFolder(msg.dir)).model);
        return { id: msg.id };
      }
      const m = models.get(msg.model);
      if (!m) throw new Error(`model ${msg.model} is not loaded in this thread`);
      // A model that ranks a new user without scoring every item (an IVF at 500 k items) answers the top itself.
      const own = msg.top && m.foldInTop?.(msg.items, msg.ratings, msg.top.k, msg.top.exclude);
      if (own) return { id: msg.id, top: topOf(own) };
      const scores = m.foldIn(msg.items, msg.ratings);
      if (!msg.top) return { id: msg.id, scores };
      // The engine's ranking (`Engine.rank`): the one top-K over the row, the rated and excluded items skipped.
      const skip = new Set<number>(msg.top.exclude);
      for (const i of msg.items) skip.add(i);
      const items = topKIndices(scores, msg.top.k, skip);
      return { id: msg.id, top: { items, scores: items.map((i) => scores[i]!) } satisfies FoldInTop };
    } catch (err) {
      return { id: msg.id, error: err instanceof Error ? err.message : String(err) };
    }
  })().then((reply) => port.postMessage(reply, reply.scores ? [reply.scores.buffer as ArrayBuffer] : []));
});
port.postMessage({ id: -1 } satisfies FoldInReply);

/** A one-row `TopK` as the protocol's lists (the −1 padding of a short list dropped). */
function topOf(t: TopK): FoldInTop {
  const items: number[] = [];
  const scores: number[] = [];
  for (let r = 0; r < t.k && t.items[r]! >= 0; r++) {
    items.push(t.items[r]!);
    scores.push(t.scores[r]!);
  }
  return { items, scores };
}
