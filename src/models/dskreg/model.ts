import { buildKnowledgeGraph, type RawTriple } from '../../graph/kg.ts';
import { readTriplesFile } from '../../graph/kg-triples.ts';
import { buildKgNeighbourhoods } from '../../graph/kg-neighbours.ts';
import { Rng } from '../../util/rng.ts';
import { IdMap } from '../../data/idmap.ts';
import type { StoredTensor } from '../io/safetensors.ts';
import type { Manifest } from '../io/manifest.ts';
import type { FitOptions, FitReport, TrainData } from '../recommender.ts';
import { EmbeddingRecommender, readEmbeddingFolder } from '../shared/embedding-model.ts';
import {
  DSKREG_DEFAULTS,
  collabMode,
  kgSources,
  outputDim,
  parseDskregConfig,
  type DskregConfig,
} from './config.ts';
import type { DskregForward, DskregNetwork } from './network.ts';
import { JointDskregNet } from './joint-network.ts';
import { CollabKgNet } from './collab-network.ts';
import { fitDskreg } from './train.ts';
import { kgPaths, type KgPath, type SampledGraph } from './paths.ts';

/** Trainable state copied for best-epoch restore. */
interface DskregCheckpoint {
  params: Float32Array[];
  user: Float32Array;
  item: Float32Array;
  sampled: SampledGraph | null;
}

/**
 * DSKReG (Wang et al., "Differentiable Sampling on Knowledge Graph for Recommendation with Relational GNN", CIKM 2021,
 * arXiv 2108.11883) on gnnrec's compute core; see `DskregNet` for the layers and shapes. Final user/item embeddings
 * ([U, d·(L+1)], [I, d·(L+1)]) score by dot product through `EmbeddingRecommender`; the neighbourhoods sampled by the
 * last (noise-free) pass are kept and saved so `kgPaths` can explain a recommendation.
 */
export class Dskreg extends EmbeddingRecommender {
  readonly kind: string = 'dskreg';
  /** Effective configuration. */
  readonly cfg: DskregConfig;
  /** The network of the last fit (null for a loaded model; its parameters are in the file). */
  net: DskregNetwork | null = null;
  /** Kept neighbourhoods and weights of the last refresh (null before training). */
  sampled: SampledGraph | null = null;
  /** Attribute-entity names of the graph being trained (set by `fit`). */
  private kgEntityNames: string[] = [];
  /** Layer-0 node embeddings read from a model folder (a loaded model has no network). */
  private loadedEmb: Float32Array | null = null;

  /** Layer-0 node embeddings [N, d] (users, items, then entities): the network's, or the file's; null if neither. */
  layer0(): Float32Array | null {
    const live = this.net?.parameters().find((p) => p.name === 'emb');
    return live ? live.data : this.loadedEmb;
  }

  /** An untrained model; unknown config keys are rejected by `parseDskregConfig`. */
  constructor(numUsers: number, numItems: number, cfg: Partial<DskregConfig> = {}) {
    const full = { ...DSKREG_DEFAULTS, ...cfg };
    super(numUsers, numItems, outputDim(full));
    this.cfg = full;
  }

  /** Configuration as stored in the manifest, with the graph's relation and entity names for explanations. */
  config(): Record<string, unknown> {
    return {
      ...this.cfg,
      kgNames: { relations: this.sampled?.relationNames ?? [], entities: this.sampled?.entityNames ?? [] },
    };
  }

  /** Builds the knowledge graph from `data.dataset` (+ the `kg` triples file) and trains with BPR. */
  async fit(data: TrainData, opts: FitOptions): Promise<FitReport> {
    this.beginFit(data, opts);
    const extra: RawTriple[] = this.cfg.kg ? await readTriplesFile(this.cfg.kg) : [];
    // Without a dataset there is no side information: the graph is the user–item graph alone (+ extra triples on dense ids).
    const meta = data.dataset ?? {
      items: new IdMap(Array.from({ length: this.numItems }, (_, i) => String(i))),
      itemMeta: [],
    };
    const kg = buildKnowledgeGraph(meta, { sources: kgSources(this.cfg), extra });
    this.kgEntityNames = kg.entityNames;
    const nb = buildKgNeighbourhoods(this.numUsers, kg, data.train.user, data.train.item);
    const rng = new Rng(opts.seed);
    const net =
      collabMode(this.cfg) === 'lightgcn'
        ? new CollabKgNet(nb, this.cfg, data.train.user, data.train.item, rng)
        : new JointDskregNet(nb, this.cfg, rng);
    this.net = net;
    const d = this.dim;
    this.userEmb = new Float32Array(this.numUsers * d);
    this.itemEmb = new Float32Array(this.numItems * d);
    const report = await fitDskreg(net, data.train, this.cfg, opts, (f) => this.keep(f));
    const graph = {
      nodes: nb.numNodes,
      edges: nb.nbr.length,
      entities: kg.entityNames.length,
      triples: kg.head.length,
      relations: nb.relationNames.length,
    };
    return { ...report, extra: { ...report.extra, graph } };
  }

  /** Copies final embeddings and the sampled neighbourhoods out of a noise-free forward pass. */
  private keep(f: DskregForward): void {
    const U = this.numUsers,
      I = this.numItems,
      d = this.dim;
    this.userEmb.set(f.out.data.subarray(0, U * d));
    this.itemEmb.set(f.out.data.subarray(U * d, (U + I) * d));
    this.sampled = {
      numUsers: U,
      numItems: I,
      ...f.kept(),
      relationNames: (this.net as DskregNetwork).nb.relationNames,
      entityNames: this.kgEntityNames,
    };
  }

  /** Knowledge-graph paths user → item → attribute → `item` through the kept neighbourhoods, heaviest first. */
  kgPaths(user: number, item: number, max = 5): KgPath[] {
    return this.sampled ? kgPaths(this.sampled, user, item, max) : [];
  }

  /** A copy of the trainable state (best-epoch restore). */
  checkpoint(): DskregCheckpoint {
    return {
      params: (this.net?.parameters() ?? []).map((p) => p.data.slice()),
      user: this.userEmb.slice(),
      item: this.itemEmb.slice(),
      sampled: this.sampled,
    };
  }

  /** Restores a `checkpoint()` copy in place. */
  restoreCheckpoint(c: DskregCheckpoint): void {
    (this.net?.parameters() ?? []).forEach((p, k) => p.data.set(c.params[k]));
    this.userEmb.set(c.user);
    this.itemEmb.set(c.item);
    this.sampled = c.sampled;
  }

  protected override extraTensors(): Record<string, StoredTensor> {
    const out: Record<string, StoredTensor> = {};
    for (const p of this.net?.parameters() ?? []) out[`param.${p.name}`] = { shape: p.shape, data: p.data };
    const s = this.sampled;
    if (s) {
      out.sampled_indptr = { shape: [s.indptr.length], data: s.indptr };
      out.sampled_nbr = { shape: [s.nbr.length], data: s.nbr };
      out.sampled_rel = { shape: [s.rel.length], data: s.rel };
      out.sampled_weight = { shape: [s.weight.length], data: s.weight };
    }
    return out;
  }

  protected override restore(m: Manifest, t: Record<string, StoredTensor>): void {
    super.restore(m, t);
    this.loadedEmb = (t['param.emb']?.data as Float32Array | undefined) ?? null;
    const names = (m.config.kgNames ?? { relations: [], entities: [] }) as {
      relations: string[];
      entities: string[];
    };
    if (t.sampled_indptr) {
      this.sampled = {
        numUsers: this.numUsers,
        numItems: this.numItems,
        indptr: t.sampled_indptr.data as Int32Array,
        nbr: t.sampled_nbr.data as Int32Array,
        rel: t.sampled_rel.data as Int32Array,
        weight: t.sampled_weight.data as Float32Array,
        relationNames: names.relations,
        entityNames: names.entities,
      };
    }
  }

  /** Loads a folder written by `save`. */
  static async load(dir: string): Promise<Dskreg> {
    const { manifest, tensors } = await readEmbeddingFolder(dir);
    const cfg = { ...manifest.config };
    delete cfg.kgNames;
    const model = new Dskreg(manifest.ids.users.length, manifest.ids.items.length, parseDskregConfig(cfg));
    model.restore(manifest, tensors);
    return model;
  }
}
