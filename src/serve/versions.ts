import { unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from './engine.ts';
import { HttpError } from './http-errors.ts';
import { loadServedModels, type ServedModel } from './served-model.ts';
import type { ModelVersionInfo } from './schemas/types.ts';

/** Versions kept loaded for rollback (the serving one included). */
const KEPT_VERSIONS = 3;
/** How often a watched manifest is polled (polling survives the atomic rename `writeManifest` does). */
const WATCH_INTERVAL_MS = 500;

interface Loaded {
  info: ModelVersionInfo;
  engine: Engine;
}

/**
 * The model versions a server has loaded, newest last: `reload` reads the model folders again and switches the
 * context's engine in one assignment (a request in flight finishes on the engine it started with, so none fails),
 * `rollback` switches back to an earlier loaded version, and `watch` reloads when a folder's manifest changes
 * (what `gnnrec train --out` over the served folder writes last).
 */
export class ModelVersions {
  private readonly loaded: Loaded[] = [];
  private serving = 0;
  private next = 1;
  private pending: Promise<ModelVersionInfo> | undefined;

  /** Starts from the engine the server was built with; `dirs` are the folders to reload (none: reload refused). */
  constructor(
    private readonly ctx: { engine: Engine },
    private readonly dirs: readonly string[] | undefined,
    private readonly build: (models: ServedModel[]) => Engine,
  ) {
    this.push(ctx.engine, 'start');
  }

  /** Every loaded version, oldest first, with which one serves. */
  list(): ModelVersionInfo[] {
    return this.loaded.map((l) => ({ ...l.info, serving: l.info.version === this.serving }));
  }

  /**
   * Loads the folders again and serves the result as soon as it is loaded (the previous version answers
   * meanwhile); its lists are computed on first request and warmed in the background. Concurrent calls share one
   * load.
   */
  async reload(reason = 'reload'): Promise<ModelVersionInfo> {
    if (!this.dirs || this.dirs.length === 0)
      throw new HttpError(
        409,
        'this server was started with loaded models, not model folders: nothing to reload',
      );
    this.pending ??= (async () => {
      try {
        const models = await loadServedModels(this.dirs!);
        const engine = this.build(models);
        const info = this.push(engine, reason);
        // Warming yields between users, so requests keep flowing; a failure only leaves lists to compute lazily.
        engine.warm().catch(() => undefined);
        return info;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }

  /** Serves version `to` (default: the one before the serving one) again. */
  rollback(to?: number): ModelVersionInfo {
    const at = this.loaded.findIndex((l) => l.info.version === this.serving);
    const target = to === undefined ? this.loaded[at - 1] : this.loaded.find((l) => l.info.version === to);
    if (!target) {
      const kept = this.loaded.map((l) => l.info.version).join(', ');
      throw new HttpError(
        409,
        to === undefined
          ? `no earlier version is loaded (loaded: ${kept})`
          : `version ${to} is not loaded (loaded: ${kept})`,
      );
    }
    this.serving = target.info.version;
    // Items may have been added while it was not serving: its cached lists cannot hold them.
    target.engine.addItems([]);
    this.ctx.engine = target.engine;
    return { ...target.info, serving: true };
  }

  /**
   * Reloads whenever a model folder's `manifest.json` changes; load errors are reported through `log` and the
   * serving version stays. Returns a function that stops watching.
   */
  watch(log: (line: string) => void): () => void {
    const files = (this.dirs ?? []).map((d) => join(d, 'manifest.json'));
    let timer: NodeJS.Timeout | undefined;
    const onChange = (cur: { mtimeMs: number }, prev: { mtimeMs: number }): void => {
      if (cur.mtimeMs === prev.mtimeMs) return;
      // A retrain may rewrite several folders in a row: one reload after they settle.
      clearTimeout(timer);
      timer = setTimeout(() => {
        this.reload('watch').then(
          (v) => log(`model folders changed: serving version ${v.version} (${v.models.join(', ')})`),
          (err: unknown) => log(`model folders changed but did not load: ${(err as Error).message}`),
        );
      }, WATCH_INTERVAL_MS);
    };
    for (const f of files) watchFile(f, { interval: WATCH_INTERVAL_MS }, onChange);
    return () => {
      clearTimeout(timer);
      for (const f of files) unwatchFile(f, onChange);
    };
  }

  private push(engine: Engine, reason: string): ModelVersionInfo {
    const info: ModelVersionInfo = {
      version: this.next++,
      loadedAt: new Date().toISOString(),
      reason,
      serving: true,
      models: engine.models.map((m) => m.name),
      details: engine.models.map((m) => ({
        name: m.name,
        kind: m.kind,
        created: m.manifest.created,
        metrics: m.manifest.metrics,
      })),
    };
    this.loaded.push({ info, engine });
    if (this.loaded.length > KEPT_VERSIONS) this.loaded.shift();
    this.serving = info.version;
    this.ctx.engine = engine;
    return info;
  }
}
