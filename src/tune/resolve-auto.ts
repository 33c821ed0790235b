import type { TrainData } from '../models/recommender.ts';
import type { Interactions } from '../data/types.ts';
import { UsageError } from '../util/errors.ts';
import { parseBudget } from './budget.ts';
import { tuneKind } from './auto.ts';
import type { TuneResult, TuneRow } from './halving.ts';
import { TUNE_SPACES, type ParamValue, type TuneSpace } from './space.ts';

/** Budget of an `auto` search when the config does not give one (`auto=90s`). */
export const DEFAULT_AUTO_BUDGET_SECONDS = 120;

/**
 * Candidates of an `auto` search: 27 = 3³, so halving by 3 reaches every validation user in three rungs; with more,
 * a short budget ran out inside the first rung (latest-small under load: 64 of 96 candidates on 100 users, 138 s).
 */
const AUTO_CANDIDATES = 27;

/** What an `auto` search chose, as `train --json` and the manifest record it. */
export interface AutoChoice {
  /** Keys that were searched. */
  searched: string[];
  /** The config the model is fitted with (the search's best point, fixed keys included). */
  config: Record<string, ParamValue>;
  /** Validation metrics of that point on the users of its last rung. */
  val: { 'recall@20': number; 'ndcg@20': number; users: number };
  /** Validation curve: best NDCG@20 per rung. */
  curve: TuneResult['curve'];
  evaluations: number;
  seconds: number;
  budget_seconds: number;
}

const isAuto = (v: unknown): boolean => typeof v === 'string' && v.trim().toLowerCase() === 'auto';

/** The space restricted to `keys`, every other declared key fixed at the value in `fixed` (when given). */
function subspace(space: TuneSpace, keys: ReadonlySet<string>, fixed: Record<string, unknown>): TuneSpace {
  const base: Record<string, ParamValue> = { ...space.base };
  for (const [k, v] of Object.entries(fixed))
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') base[k] = v;
  return { kind: space.kind, base, params: space.params.filter((p) => keys.has(p.name)) };
}

/**
 * Replaces `auto` in a raw model config by a search on validation data: `KEY=auto` searches that key over the kind's
 * declared values, `auto=true` (or `auto=90s`, a budget) searches every declared key; keys given a value stay fixed.
 * The search reads `train` and `val` only (a protocol's validation part, itself carved from training data, or ≈10%
 * carved here when the protocol holds none out), never test data. Without `auto` the config comes back unchanged.
 */
export async function resolveAuto(
  kind: string,
  raw: Record<string, unknown>,
  data: { train: TrainData; val: Interactions },
  seed: number,
  onRow?: (row: TuneRow) => void,
): Promise<{ config: Record<string, unknown>; auto?: AutoChoice }> {
  const whole = raw.auto;
  const keys = Object.keys(raw).filter((k) => k !== 'auto' && isAuto(raw[k]));
  if (whole === undefined && keys.length === 0) return { config: raw };
  const space = TUNE_SPACES.get(kind);
  if (!space)
    throw new UsageError(
      `model '${kind}' has no search space for auto (tunable: ${[...TUNE_SPACES.keys()].join(', ')})`,
    );
  const declared = space.params.map((p) => p.name);
  for (const k of keys)
    if (!declared.includes(k))
      throw new UsageError(`${kind}: ${k}=auto: not a searched key (searched keys: ${declared.join(', ')})`);
  let budget = DEFAULT_AUTO_BUDGET_SECONDS;
  if (whole !== undefined && whole !== true && whole !== 'true' && !isAuto(whole)) {
    try {
      budget = parseBudget(String(whole));
    } catch (e) {
      throw new UsageError(`auto=${String(whole)}: ${(e as Error).message} (or auto=true)`);
    }
  }
  const searched = new Set(
    whole !== undefined ? declared.filter((k) => !(k in raw) || isAuto(raw[k])) : keys,
  );
  const fixed = Object.fromEntries(Object.entries(raw).filter(([k, v]) => k !== 'auto' && !isAuto(v)));
  const sub = subspace(space, searched, fixed);
  const trainData: TrainData = { ...data.train, val: data.val.user.length > 0 ? data.val : undefined };
  const r = await tuneKind(kind, trainData, {
    budgetSeconds: budget,
    seed,
    space: sub,
    maxCandidates: AUTO_CANDIDATES,
    onRow,
  });
  const config = { ...fixed, ...r.best };
  return {
    config,
    auto: {
      searched: [...searched],
      config: r.best,
      val: { 'recall@20': r.bestMetrics.recall, 'ndcg@20': r.bestMetrics.ndcg, users: r.bestMetrics.users },
      curve: r.curve,
      evaluations: r.rows.length,
      seconds: Math.round(r.seconds * 10) / 10,
      budget_seconds: budget,
    },
  };
}
