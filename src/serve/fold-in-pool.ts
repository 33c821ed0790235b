import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { moduleExtension, spawnWorker } from '../graph/walks/spawn.ts';
import type { FoldInReply, FoldInRequest, FoldInTop, FoldInWorkerData } from './fold-in-protocol.ts';
import { getBackend } from '../tensor/backend/registry.ts';
import type { ServedModel } from './served-model.ts';

type Pending = { resolve: (r: FoldInReply) => void; reject: (e: Error) => void };

/**
 * Worker threads that fold new users in (`Recommender.foldIn`, a pass over the whole catalogue) off the event loop,
 * so requests arriving meanwhile are answered. Each served model is handed over once, as the model folder it writes
 * (`save`) and every thread opens through the registry: any model kind works, and the threads share nothing mutable.
 */
export class FoldInPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly keys = new WeakMap<ServedModel, Promise<number>>();
  private readonly dirs: string[] = [];
  private readonly started: Promise<unknown>;
  private nextId = 0;
  private nextModel = 0;
  private turn = 0;
  /** Fold-ins the threads have answered (what a test checks to know the threads, not the fallback, served). */
  answered = 0;
  /** Set when a thread failed or the pool closed: every later fold-in fails at once (callers fold in inline). */
  private broken?: Error;

  /** Starts `threads` fold-in threads (they do not keep the process alive). */
  constructor(threads: number) {
    // Sources under tsx run the .ts worker; the built package runs the compiled .js beside this file.
    const url = new URL(`./fold-in-worker${moduleExtension(import.meta.url)}`, import.meta.url);
    const ready: Array<Promise<void>> = [];
    for (let t = 0; t < threads; t++) {
      let w: Worker;
      try {
        // Each thread runs the server's backend single-threaded: a fold-in is one row, too small to split.
        w = spawnWorker(url, {
          backend: getBackend().name === 'wasm' ? 'wasm' : 'js',
        } satisfies FoldInWorkerData);
      } catch (err) {
        this.failAll(err instanceof Error ? err : new Error(String(err)));
        break;
      }
      w.unref();
      ready.push(
        new Promise((resolve, reject) => {
          w.on('message', (r: FoldInReply) => {
            if (r.id === -1) return resolve();
            const p = this.pending.get(r.id);
            this.pending.delete(r.id);
            p?.resolve(r);
          });
          w.once('error', (err) => {
            reject(err);
            this.failAll(err);
          });
        }),
      );
      this.workers.push(w);
    }
    this.started = this.broken ? Promise.reject(this.broken) : Promise.all(ready);
    // A thread that cannot start fails the fold-ins waiting on it (callers fall back); this only keeps the
    // rejection from being reported as unhandled.
    this.started.catch(() => undefined);
  }

  /** The fold-in scores of a history under a served model, computed on a pool thread. */
  async foldIn(model: ServedModel, items: Int32Array, ratings: Float32Array): Promise<Float32Array> {
    const key = await this.load(model);
    const w = this.workers[this.turn++ % this.workers.length]!;
    const r = await this.send(w, { op: 'foldIn', id: this.nextId++, model: key, items, ratings });
    if (!r.scores) throw new Error(r.error ?? 'fold-in thread answered no scores');
    this.answered++;
    return r.scores;
  }

  /**
   * The best `k` model items of a history's fold-in, ranked on a pool thread: rated items and `exclude` are skipped
   * (as `topKIndices` does), and only the top crosses back to the event loop.
   */
  async foldInTop(
    model: ServedModel,
    items: Int32Array,
    ratings: Float32Array,
    k: number,
    exclude: Int32Array,
  ): Promise<FoldInTop> {
    const key = await this.load(model);
    const w = this.workers[this.turn++ % this.workers.length]!;
    const r = await this.send(w, {
      op: 'foldIn',
      id: this.nextId++,
      model: key,
      items,
      ratings,
      top: { k, exclude },
    });
    if (!r.top) throw new Error(r.error ?? 'fold-in thread answered no top items');
    this.answered++;
    return r.top;
  }

  /** Stops the threads and removes the model folders written for them. */
  async close(): Promise<void> {
    this.failAll(new Error('fold-in pool closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
    await Promise.all(this.dirs.map((d) => rm(d, { recursive: true, force: true })));
  }

  /** The number every thread knows a model by, handing the model over on first use. */
  private load(model: ServedModel): Promise<number> {
    let key = this.keys.get(model);
    if (!key) {
      key = (async () => {
        await this.started;
        const dir = await mkdtemp(join(tmpdir(), 'gnnrec-fold-in-'));
        this.dirs.push(dir);
        await model.recommender.save(dir);
        const k = this.nextModel++;
        for (const w of this.workers) {
          const r = await this.send(w, { op: 'load', id: this.nextId++, model: k, dir });
          if (r.error) throw new Error(r.error);
        }
        return k;
      })();
      this.keys.set(model, key);
    }
    return key;
  }

  private send(w: Worker, msg: FoldInRequest): Promise<FoldInReply> {
    return new Promise((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      this.pending.set(msg.id, { resolve, reject });
      w.postMessage(msg);
    });
  }

  private failAll(err: Error): void {
    this.broken ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
